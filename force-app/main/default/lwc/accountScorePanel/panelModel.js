/**
 * Pure view model for accountScorePanel: turns a getRecord response (or wire error) into
 * everything the template shows. Kept free of LWC imports so it never throws on bad data
 * and is easy to reason about: every field may be null, missing, or the wrong type.
 *
 * The factors JSON shape is FactorsPayloadV1 in src/salesforce/score-fields.ts:
 *   {v: 1, m: modelVersion, b: baseline score points, f: [{k, l, v, c, i}]}
 */

export const FIELD = {
    score: 'Account_Score__c',
    percentile: 'Account_Score_Percentile__c',
    tier: 'Account_Score_Tier__c',
    factors: 'Account_Score_Factors__c',
    scoredAt: 'Account_Score_Date__c',
    modelVersion: 'Account_Score_Model_Version__c',
    previousScore: 'Account_Score_Previous__c',
    probability: 'Account_Score_Probability__c'
};

export const SUPPORTED_FACTORS_VERSION = 1;
const IMPORTANCE = ['low', 'medium', 'high'];
const TIER_CLASS = { Hot: 'tier tier_hot', Warm: 'tier tier_warm', Cold: 'tier tier_cold' };
const RING_RADIUS = 42;
export const RING_CIRCUMFERENCE = 2 * Math.PI * RING_RADIUS;

function rawValue(record, apiName) {
    const field = record && record.fields ? record.fields[apiName] : undefined;
    if (!field || typeof field !== 'object') return null;
    return field.value === undefined ? null : field.value;
}

function finiteNumber(value) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    return null;
}

function nonEmptyString(value) {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** "82" for 82.4, "82.5" for 82.46: one decimal only when it carries information. */
export function formatPoints(value) {
    const rounded = Math.round(Math.abs(value) * 10) / 10;
    return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

function signedPoints(value) {
    const text = formatPoints(value);
    if (text === '0') return '0';
    return (value > 0 ? '+' : '\u2212') + text;
}

/** Readable message from the shapes LDS errors take (FetchResponse, array, Error, string). */
export function errorMessage(error) {
    if (!error) return 'Unknown error.';
    if (typeof error === 'string') return error;
    const body = error.body;
    if (Array.isArray(body)) {
        const messages = body.map((e) => (e && typeof e.message === 'string' ? e.message : null)).filter(Boolean);
        if (messages.length) return messages.join(' ');
    } else if (body && typeof body.message === 'string') {
        return body.message;
    }
    if (typeof error.message === 'string' && error.message) return error.message;
    if (typeof error.statusText === 'string' && error.statusText) return error.statusText;
    return 'Unknown error.';
}

/** Copy for the percentile: "Top 6% of accounts" for 95, "Bottom 12% of accounts" for 12. */
export function percentileText(percentile) {
    if (percentile === null) return null;
    const p = Math.min(100, Math.max(1, Math.round(percentile)));
    return p >= 50 ? `Top ${101 - p}% of accounts` : `Bottom ${p}% of accounts`;
}

function trendOf(score, previous) {
    if (previous === null) return { cssClass: 'trend trend_none', symbol: '', text: 'First score', label: 'No previous score to compare with' };
    const delta = Math.round((score - previous) * 100) / 100;
    if (Math.abs(delta) < 0.05) {
        return { cssClass: 'trend trend_flat', symbol: '\u2192', text: 'No change', label: `Unchanged from previous score ${formatPoints(previous)}` };
    }
    const up = delta > 0;
    const pts = formatPoints(delta);
    return {
        cssClass: up ? 'trend trend_up' : 'trend trend_down',
        symbol: up ? '\u2191' : '\u2193',
        text: `${up ? '+' : '\u2212'}${pts} pts`,
        label: `${up ? 'Up' : 'Down'} ${pts} points from previous score ${formatPoints(previous)}`
    };
}

/**
 * Parse and validate the factors JSON. Returns {factors, baseline, modelVersion} or
 * {problem} explaining, for a user, why the factors cannot be shown. All-or-nothing:
 * one bad factor rejects the payload rather than showing a half list.
 */
export function parseFactors(raw) {
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
        return { problem: 'No factors were stored with this score.' };
    }
    if (typeof raw !== 'string') return { problem: 'The stored factors are not text, so they cannot be shown.' };
    let data;
    try {
        data = JSON.parse(raw);
    } catch {
        return { problem: 'The stored factors are not valid JSON (the field may have been edited or truncated), so they cannot be shown.' };
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
        return { problem: 'The stored factors are not in a format this panel knows, so they cannot be shown.' };
    }
    if (data.v !== SUPPORTED_FACTORS_VERSION) {
        const version = typeof data.v === 'number' || typeof data.v === 'string' ? String(data.v).slice(0, 20) : 'missing';
        return {
            problem: `The stored factors use format version ${version}; this panel reads version ${SUPPORTED_FACTORS_VERSION}. Update the Account Score package to see them.`
        };
    }
    if (!Array.isArray(data.f)) return { problem: 'The stored factors have no factor list (field "f"), so they cannot be shown.' };
    const factors = [];
    for (let n = 0; n < data.f.length; n++) {
        const f = data.f[n];
        const where = `factor ${n + 1}`;
        if (!f || typeof f !== 'object') return { problem: `The stored factors are incomplete: ${where} is not an object.` };
        if (typeof f.k !== 'string' || !f.k) return { problem: `The stored factors are incomplete: ${where} has no feature id ("k").` };
        if (typeof f.l !== 'string' || !f.l.trim()) return { problem: `The stored factors are incomplete: ${where} has no label ("l").` };
        if (typeof f.v !== 'string') return { problem: `The stored factors are incomplete: ${where} has no value ("v").` };
        if (typeof f.c !== 'number' || !Number.isFinite(f.c)) return { problem: `The stored factors are incomplete: ${where} has no numeric contribution ("c").` };
        if (!IMPORTANCE.includes(f.i)) return { problem: `The stored factors are incomplete: ${where} has importance "${String(f.i).slice(0, 20)}", expected low, medium or high.` };
        factors.push({ key: f.k, label: f.l.trim(), value: f.v, contribution: f.c, importance: f.i });
    }
    return {
        factors,
        baseline: typeof data.b === 'number' && Number.isFinite(data.b) ? data.b : null,
        modelVersion: nonEmptyString(data.m)
    };
}

function factorRows(factors) {
    const max = factors.reduce((m, f) => Math.max(m, Math.abs(f.contribution)), 0);
    return factors.map((f, index) => {
        const up = f.contribution > 0;
        const down = f.contribution < 0;
        const direction = up ? 'pushes up' : down ? 'pulls down' : 'no effect';
        // At least 2% wide so a tiny but real contribution stays visible.
        const width = max > 0 && f.contribution !== 0 ? Math.max(2, Math.round((Math.abs(f.contribution) / max) * 100)) : 0;
        const points = signedPoints(f.contribution);
        return {
            id: `${index}-${f.key}`,
            label: f.label,
            value: f.value,
            points,
            direction,
            importance: f.importance,
            rowClass: `factor ${up ? 'factor_up' : down ? 'factor_down' : 'factor_neutral'}`,
            barStyle: `width: ${width}%`,
            barLabel: `${f.label}: ${f.value || '(blank)'}. ${direction === 'no effect' ? 'No effect on the score' : `${up ? 'Pushes the score up' : 'Pulls the score down'} by ${formatPoints(f.contribution)} points`} (${f.importance} importance).`
        };
    });
}

/** Rows split into what pushes the score up, what holds it back (and what has no effect), each in stored order; empty groups left out. */
function factorGroups(rows) {
    const groups = [
        { id: 'up', heading: 'Pushing the score up', factors: rows.filter((r) => r.direction === 'pushes up') },
        { id: 'down', heading: 'Holding it back', factors: rows.filter((r) => r.direction === 'pulls down') },
        { id: 'none', heading: 'No effect', factors: rows.filter((r) => r.direction === 'no effect') }
    ];
    return groups.filter((g) => g.factors.length > 0).map((g) => ({ ...g, headingId: `account-score-factors-${g.id}` }));
}

function formatDate(value, locale, timeZone) {
    const text = nonEmptyString(value);
    if (!text) return null;
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) return text;
    try {
        return new Intl.DateTimeFormat(locale || undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZone || undefined }).format(date);
    } catch {
        // Unknown locale or time zone from the org: fall back to the browser's.
        return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    }
}

/**
 * @param {{record?: object, error?: unknown, locale?: string, timeZone?: string}} input
 * @returns view model with `state` one of loading | error | unscored | scored
 */
export function buildPanel({ record, error, locale, timeZone } = {}) {
    if (error) return { state: 'error', errorMessage: errorMessage(error) };
    if (!record) return { state: 'loading' };

    const score = finiteNumber(rawValue(record, FIELD.score));
    if (score === null) return { state: 'unscored' };

    const clamped = Math.min(100, Math.max(0, score));
    const tierRaw = nonEmptyString(rawValue(record, FIELD.tier));
    const tier = tierRaw && TIER_CLASS[tierRaw] ? tierRaw : null;
    const percentile = finiteNumber(rawValue(record, FIELD.percentile));
    const previous = finiteNumber(rawValue(record, FIELD.previousScore));
    const parsed = parseFactors(rawValue(record, FIELD.factors));
    const modelVersion = nonEmptyString(rawValue(record, FIELD.modelVersion)) || (parsed.modelVersion ?? null);
    const scoreText = formatPoints(clamped);
    const trend = trendOf(clamped, previous);
    const factors = parsed.factors ? factorRows(parsed.factors) : [];
    const pctText = percentileText(percentile);
    const probability = finiteNumber(rawValue(record, FIELD.probability));
    const chance = probability === null || probability < 0 || probability > 1 ? null : probability;

    return {
        state: 'scored',
        score: clamped,
        scoreText,
        ringLabel: `Account score ${scoreText} out of 100${tier ? `, ${tier}` : ''}`,
        ringDash: `${((clamped / 100) * RING_CIRCUMFERENCE).toFixed(2)} ${RING_CIRCUMFERENCE.toFixed(2)}`,
        ringClass: `ring-value ${tier ? `ring_${tier.toLowerCase()}` : 'ring_none'}`,
        tier,
        tierClass: tier ? TIER_CLASS[tier] : 'tier tier_none',
        tierText: tier || (tierRaw ? `Unknown tier (${tierRaw.slice(0, 20)})` : 'No tier'),
        percentileText: pctText,
        percentileLabel: pctText ? `Percentile ${Math.round(percentile)} of 100` : null,
        scoredAt: formatDate(rawValue(record, FIELD.scoredAt), locale, timeZone),
        modelVersion,
        // the model's calibrated estimate, shown when the org holds it
        probabilityText: chance === null ? null : `${chance < 0.01 ? '<1' : Math.round(chance * 100)}%`,
        trend,
        hasFactors: factors.length > 0,
        factors,
        factorGroups: factorGroups(factors),
        factorsProblem: parsed.problem || (parsed.factors && parsed.factors.length === 0 ? 'The model stored no factors for this score.' : null),
        baselineText: parsed.baseline === null || parsed.baseline === undefined ? null : `A typical account scores ${formatPoints(parsed.baseline)}; these factors move this account from there.`
    };
}
