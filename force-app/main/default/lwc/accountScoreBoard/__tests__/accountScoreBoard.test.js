import { createElement } from 'lwc';
import { graphql } from 'lightning/graphql';
import { registerSa11yMatcher } from '@sa11y/jest';
import AccountScoreBoard from 'c/accountScoreBoard';

const team = require('./data/team.json');
const manyReps = require('./data/manyReps.json');

registerSa11yMatcher();

function mount(props = {}) {
    const element = createElement('c-account-score-board', { is: AccountScoreBoard });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

const flush = () => Promise.resolve();

/** Expected per-rep totals straight from the fixture's aggregate rows. */
function totals(data) {
    const out = new Map();
    for (const { node } of data.uiapi.aggregate.Account.edges) {
        const a = node.aggregate;
        const t = out.get(a.OwnerId.value) || { n: 0, p: 0, Hot: 0 };
        t.n += a.Id.count.value;
        t.p += a.Account_Score_Probability__c.sum.value;
        if (a.Account_Score_Tier__c.value === 'Hot') t.Hot += a.Id.count.value;
        out.set(a.OwnerId.value, t);
    }
    return out;
}

describe('c-account-score-board', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows a loading state until the query answers', async () => {
        const element = mount();
        await flush();
        expect(element.shadowRoot.querySelector('.state_loading').textContent).toContain('Loading');
        await expect(element).toBeAccessible();
    });

    it("shows each rep's book by tier and expected conversions, highest first, with the spread", async () => {
        const element = mount({ poolUserId: '005000000000000AAA' });
        graphql.emit(team);
        await flush();
        const root = element.shadowRoot;
        const rows = [...root.querySelectorAll('[data-id="rep"]')];
        const names = new Map(team.uiapi.query.team.edges.map((e) => [e.node.Name.value, e.node.Id]));
        expect(rows).toHaveLength(team.uiapi.query.team.edges.length);
        const t = totals(team);
        const shown = rows.map((r) => Number(r.querySelector('[data-id="expected"]').textContent));
        expect([...shown].sort((a, b) => b - a)).toEqual(shown);
        for (const r of rows) {
            const id = names.get(r.querySelector('.rep-name').textContent);
            expect(r.querySelector('[data-id="total"]').textContent.replace(',', '')).toBe(String(t.get(id).n));
            expect(r.querySelector('[data-id="expected"]').textContent).toBe(t.get(id).p.toFixed(1));
            expect(r.querySelector('.bar').getAttribute('aria-label')).toContain(`${t.get(id).Hot} Hot`);
        }
        expect(root.querySelector('[data-id="spread"]').textContent).toMatch(/Highest \/ lowest expected conversions: \d\.\d\d/);
        expect(root.querySelectorAll('[data-id="hot-new"]')).toHaveLength(team.uiapi.query.hotNew.edges.length);
        const pool = root.querySelectorAll('[data-id="pool"]');
        expect(pool).toHaveLength(10);
        expect(pool[0].querySelector('.account-name').textContent).toBe(team.uiapi.query.pool.edges[0].node.Name.value);
        expect(pool[0].querySelector('.account-name').getAttribute('href')).toBe(`/lightning/r/Account/${team.uiapi.query.pool.edges[0].node.Id}/view`);
        await expect(element).toBeAccessible();
    });

    it('asks for the viewer’s team by default and for the configured manager and pool when set', async () => {
        mount();
        await flush();
        const own = graphql.getLastConfig().variables;
        expect(own.managerId).toMatch(/^005/);
        mount({ managerId: '005000000000001AAA', poolUserId: '005000000000000AAA', notWorkedDays: 14, rows: 5 });
        await flush();
        const v = graphql.getLastConfig().variables;
        expect(v).toMatchObject({ managerId: '005000000000001AAA', poolUserId: '005000000000000AAA', rows: 5 });
        const days = (Date.now() - Date.parse(`${v.workedBefore}T00:00:00Z`)) / 86400000;
        expect(days).toBeGreaterThan(13);
        expect(days).toBeLessThan(15.01);
    });

    it('renders a team of 24 reps', async () => {
        const element = mount({ poolUserId: '005000000000000AAA' });
        graphql.emit(manyReps);
        await flush();
        const rows = element.shadowRoot.querySelectorAll('[data-id="rep"]');
        expect(rows).toHaveLength(24);
        expect(element.shadowRoot.querySelector('.books .section-heading').textContent).toBe('Books by tier (24 reps)');
        await expect(element).toBeAccessible();
    });

    it('shows an empty state when nobody reports to the manager', async () => {
        const element = mount();
        graphql.emit(require('./data/emptyTeam.json'));
        await flush();
        expect(element.shadowRoot.querySelector('.state_empty').textContent).toContain('No team to show');
        expect(element.shadowRoot.querySelector('[data-id="rep"]')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('says where expected conversions come from when the probability field is empty or hidden, and asks for a pool user', async () => {
        const hidden = JSON.parse(JSON.stringify(team));
        for (const { node } of hidden.uiapi.aggregate.Account.edges) node.aggregate.Account_Score_Probability__c.sum.value = null;
        hidden.uiapi.query.pool.edges = [];
        const element = mount();
        graphql.emit(hidden);
        await flush();
        const root = element.shadowRoot;
        expect([...root.querySelectorAll('[data-id="expected"]')].every((e) => e.textContent === '\u2014')).toBe(true);
        expect(root.querySelector('[data-id="no-expected"]')).not.toBeNull();
        expect(root.querySelector('[data-id="pool-unset"]')).not.toBeNull();
    });

    it('shows the GraphQL error message', async () => {
        const element = mount();
        graphql.emitErrors([{ message: "No such column 'Account_Score_Probability__c' on entity 'Account'." }]);
        await flush();
        const root = element.shadowRoot;
        expect(root.querySelector('.state_error').getAttribute('role')).toBe('alert');
        expect(root.querySelector('.error-message').textContent).toContain('Account_Score_Probability__c');
        await expect(element).toBeAccessible();
    });
});
