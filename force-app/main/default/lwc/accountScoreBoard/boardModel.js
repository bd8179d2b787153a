/**
 * Pure view model for accountScoreBoard: turns the board's GraphQL response (UI API, so
 * sharing and field-level security already applied) into what the template shows. Never
 * throws on odd data: any field may be null, missing or hidden from this user.
 */

export const TIERS = ['Hot', 'Warm', 'Cold'];
const TIER_CLASS = { Hot: 'tier tier_hot', Warm: 'tier tier_warm', Cold: 'tier tier_cold' };

function value(field) {
    if (!field || typeof field !== 'object') return null;
    return field.value === undefined ? null : field.value;
}

function num(v) {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return null;
}

function edges(conn) {
    return conn && Array.isArray(conn.edges) ? conn.edges.map((e) => (e && e.node) || null).filter(Boolean) : [];
}

/** Readable message from GraphQL errors (array of {message}) or a wire error. */
export function errorMessage(errors) {
    if (!errors) return 'Unknown error.';
    if (Array.isArray(errors)) {
        const m = errors.map((e) => (e && typeof e.message === 'string' ? e.message : null)).filter(Boolean);
        return m.length ? m.join(' ') : 'Unknown error.';
    }
    if (typeof errors.message === 'string') return errors.message;
    return 'Unknown error.';
}

function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function formatExpected(x) {
    return x === null ? '\u2014' : x.toFixed(1);
}

/** Score text as the panel shows it: one decimal only when it carries information. */
function formatScore(s) {
    if (s === null) return '\u2014';
    const r = Math.round(s * 10) / 10;
    return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

function accountRow(node, ownerNames) {
    const tier = value(node.Account_Score_Tier__c);
    const ownerId = value(node.OwnerId);
    return {
        id: node.Id,
        name: value(node.Name) || node.Id,
        url: `/lightning/r/Account/${node.Id}/view`,
        scoreText: formatScore(num(value(node.Account_Score__c))),
        tierText: TIER_CLASS[tier] ? tier : 'Unscored',
        tierClass: TIER_CLASS[tier] || 'tier tier_none',
        ownerName: (ownerId && ownerNames.get(ownerId)) || ''
    };
}

/**
 * state: 'loading' | 'error' | 'empty' | 'ready'. Reps sorted by expected conversions, highest
 * first; each has counts per tier (from the aggregate query), the bar widths relative to the
 * largest book, and expected conversions (sum of Account_Score_Probability__c; null when the
 * field is empty or hidden for every account).
 */
export function buildBoard({ data, errors } = {}) {
    if (errors) return { state: 'error', errorMessage: errorMessage(errors) };
    if (!data) return { state: 'loading' };
    const uiapi = data.uiapi || {};
    const q = uiapi.query || {};
    const users = edges(q.team);
    if (users.length === 0) return { state: 'empty' };
    const names = new Map(users.map((u) => [u.Id, value(u.Name) || u.Id]));
    const reps = new Map(
        users.map((u) => [u.Id, { id: u.Id, name: names.get(u.Id), total: 0, Hot: 0, Warm: 0, Cold: 0, Unscored: 0, expected: null }])
    );
    const groups = edges(uiapi.aggregate && uiapi.aggregate.Account);
    for (const g of groups) {
        const a = g.aggregate || {};
        const owner = value(a.OwnerId);
        const rep = reps.get(owner);
        if (!rep) continue;
        const tier = value(a.Account_Score_Tier__c);
        const count = num(a.Id && a.Id.count && a.Id.count.value) || 0;
        const sum = num(a.Account_Score_Probability__c && a.Account_Score_Probability__c.sum && a.Account_Score_Probability__c.sum.value);
        rep.total += count;
        rep[TIER_CLASS[tier] ? tier : 'Unscored'] += count;
        if (sum !== null) rep.expected = (rep.expected || 0) + sum;
    }
    const list = [...reps.values()].sort((x, y) => (y.expected || 0) - (x.expected || 0) || y.total - x.total || (x.name < y.name ? -1 : 1));
    const maxBook = Math.max(1, ...list.map((r) => r.total));
    const expectedValues = list.map((r) => r.expected).filter((x) => x !== null);
    const lo = expectedValues.length ? Math.min(...expectedValues) : null;
    const hi = expectedValues.length ? Math.max(...expectedValues) : null;
    const rows = list.map((r) => ({
        id: r.id,
        name: r.name,
        totalText: formatCount(r.total),
        expectedText: formatExpected(r.expected),
        segments: [...TIERS, 'Unscored']
            .filter((t) => r[t] > 0)
            .map((t) => ({
                key: `${r.id}-${t}`,
                cssClass: `segment segment_${t.toLowerCase()}`,
                style: `width: ${((100 * r[t]) / maxBook).toFixed(2)}%`
            })),
        mixText: `${r.Hot} Hot, ${r.Warm} Warm, ${r.Cold} Cold${r.Unscored ? `, ${r.Unscored} unscored` : ''}`,
        barLabel: `${r.name}: ${formatCount(r.total)} accounts, ${r.Hot} Hot, ${r.Warm} Warm, ${r.Cold} Cold${r.Unscored ? `, ${r.Unscored} unscored` : ''}`
    }));
    const hotNew = edges(q.hotNew).map((n) => accountRow(n, names));
    const pool = edges(q.pool).map((n) => accountRow(n, names));
    return {
        state: 'ready',
        reps: rows,
        repCount: rows.length,
        hasExpected: expectedValues.length > 0,
        spreadText: lo !== null && lo > 0 ? `Highest / lowest expected conversions: ${(hi / lo).toFixed(2)}` : '',
        hotNew,
        hasHotNew: hotNew.length > 0,
        pool,
        hasPool: pool.length > 0
    };
}
