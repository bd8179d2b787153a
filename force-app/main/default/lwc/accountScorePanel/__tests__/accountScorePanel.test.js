import { createElement } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { registerSa11yMatcher } from '@sa11y/jest';
import AccountScorePanel from 'c/accountScorePanel';

const scored = require('./data/scored.json');

registerSa11yMatcher();

function mount(recordId = '001000000000001AAA') {
    const element = createElement('c-account-score-panel', { is: AccountScorePanel });
    element.recordId = recordId;
    document.body.appendChild(element);
    return element;
}

// Let the wire emit re-render.
const flush = () => Promise.resolve();

describe('c-account-score-panel', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows score, tier, percentile, trend and factors for a scored account', async () => {
        const element = mount();
        getRecord.emit(scored);
        await flush();
        const root = element.shadowRoot;
        expect(root.querySelector('svg.ring').getAttribute('aria-label')).toBe('Account score 82.5 out of 100, Hot');
        expect(root.querySelector('[data-id="tier"]').textContent).toBe('Hot');
        expect(root.querySelector('[data-id="percentile"]').textContent).toBe('Top 6% of accounts');
        expect(root.querySelector('[data-id="trend"]').textContent).toContain('↑ +4.4 pts');
        expect(root.querySelector('[data-id="model-version"]').textContent).toBe('2025.06.01-gbdt');
        expect(root.querySelector('[data-id="scored-at"]').textContent).toMatch(/2025/);
        const rows = root.querySelectorAll('[data-id="factor"]');
        expect(rows).toHaveLength(5);
        expect(rows[0].querySelector('.factor-label').textContent).toBe('Series B raised');
        expect(rows[0].querySelector('.factor-value').textContent).toBe('yes');
        expect(rows[0].querySelector('.factor-points').textContent).toBe('+14.2');
        expect(rows[0].querySelector('.factor-direction').textContent).toBe('pushes up');
        expect(rows[0].querySelector('.factor-bar').style.width).toBe('100%');
        expect(rows[4].querySelector('.factor-direction').textContent).toBe('pulls down');
        expect(rows[4].querySelector('.factor-points').textContent).toBe('−3.9');
        expect(rows[4].querySelector('.factor-track').getAttribute('aria-label')).toBe(
            'Employees: (missing). Pulls the score down by 3.9 points (low importance).'
        );
        expect(root.querySelector('.baseline').textContent).toContain('A typical account scores 31.4');
        // what pushes the score up is listed apart from what holds it back
        const groups = root.querySelectorAll('[data-id="factor-group"]');
        expect(Array.from(groups, (g) => g.querySelector('.factor-group-heading').textContent)).toEqual(['Pushing the score up', 'Holding it back']);
        expect(Array.from(groups, (g) => Array.from(g.querySelectorAll('.factor-label'), (l) => l.textContent))).toEqual([
            ['Series B raised', 'Talent Acquisition contacts', 'GTM segment', 'Current tool'],
            ['Employees']
        ]);
    });

    it('asks for the record fields through getRecord with schema imports', async () => {
        mount('001000000000009AAA');
        await flush();
        const config = getRecord.getLastConfig();
        expect(config.recordId).toBe('001000000000009AAA');
        const names = config.optionalFields.map((f) => `${f.objectApiName}.${f.fieldApiName}`);
        expect(names).toEqual(
            expect.arrayContaining(['Account.Account_Score__c', 'Account.Account_Score_Factors__c', 'Account.Account_Score_Previous__c'])
        );
    });

    it("shows the model's chance to convert when the org holds it, and nothing when it does not", async () => {
        const withChance = JSON.parse(JSON.stringify(scored));
        withChance.fields.Account_Score_Probability__c = { displayValue: null, value: 0.23611 };
        const element = mount();
        getRecord.emit(withChance);
        await flush();
        expect(element.shadowRoot.querySelector('[data-id="probability"]').textContent).toBe('24%');
        await expect(element).toBeAccessible();
        const without = mount();
        getRecord.emit(scored);
        await flush();
        expect(without.shadowRoot.querySelector('[data-id="probability"]')).toBeNull();
    });

    it('shows an empty state for an unscored account', async () => {
        const element = mount();
        getRecord.emit(require('./data/unscored.json'));
        await flush();
        const root = element.shadowRoot;
        expect(root.querySelector('.state_unscored').textContent).toContain('Not scored yet');
        expect(root.querySelector('svg.ring')).toBeNull();
        expect(root.querySelector('[data-id="factor"]')).toBeNull();
    });

    it('still shows the score when the factors JSON is malformed, and says why factors are missing', async () => {
        const element = mount();
        getRecord.emit(require('./data/malformedFactors.json'));
        await flush();
        const root = element.shadowRoot;
        expect(root.querySelector('svg.ring').getAttribute('aria-label')).toBe('Account score 55 out of 100, Warm');
        expect(root.querySelector('[data-id="trend"]').textContent).toContain('↓ −3.5 pts');
        expect(root.querySelector('[data-id="factor"]')).toBeNull();
        expect(root.querySelector('[data-id="factors-problem"]').textContent).toContain('not valid JSON');
    });

    it('explains an unknown factors version instead of guessing', async () => {
        const element = mount();
        getRecord.emit(require('./data/unknownVersion.json'));
        await flush();
        const root = element.shadowRoot;
        expect(root.querySelector('[data-id="tier"]').textContent).toBe('Cold');
        expect(root.querySelector('[data-id="percentile"]').textContent).toBe('Bottom 12% of accounts');
        expect(root.querySelector('[data-id="trend"]').textContent).toContain('First score');
        expect(root.querySelector('[data-id="factors-problem"]').textContent).toContain('format version 2');
    });

    it('handles a score with every other field null or missing', async () => {
        const element = mount();
        getRecord.emit(require('./data/sparse.json'));
        await flush();
        const root = element.shadowRoot;
        expect(root.querySelector('svg.ring').getAttribute('aria-label')).toBe('Account score 64 out of 100');
        expect(root.querySelector('[data-id="tier"]').textContent).toBe('No tier');
        expect(root.querySelector('[data-id="percentile"]')).toBeNull();
        expect(root.querySelector('[data-id="scored-at"]')).toBeNull();
        expect(root.querySelector('[data-id="factors-problem"]').textContent).toContain('No factors were stored');
    });

    it('groups ten factors by direction, each group in stored order, and keeps a zero contribution visible as "no effect"', async () => {
        const element = mount();
        getRecord.emit(require('./data/manyFactors.json'));
        await flush();
        const root = element.shadowRoot;
        const rows = root.querySelectorAll('[data-id="factor"]');
        expect(rows).toHaveLength(10);
        const groups = Array.from(root.querySelectorAll('[data-id="factor-group"]'), (g) => [
            g.querySelector('.factor-group-heading').textContent,
            Array.from(g.querySelectorAll('.factor-points'), (p) => p.textContent)
        ]);
        expect(groups).toEqual([
            ['Pushing the score up', ['+11.5', '+3.2', '+2.2', '+1.1', '+0.9', '+0.3']],
            ['Holding it back', ['\u22120.4', '\u22126.8', '\u22125.1']],
            ['No effect', ['0']]
        ]);
        expect(rows[0].querySelector('.factor-label').textContent).toBe('Hiring recruiters (from researcher notes) 🚀');
        expect(rows[9].querySelector('.factor-direction').textContent).toBe('no effect');
        expect(rows[9].querySelector('.factor-bar').style.width).toBe('0%');
    });

    it('shows an error state with the server message when the wire fails', async () => {
        const element = mount();
        getRecord.emitError({ status: 403, statusText: 'Forbidden', body: { message: 'You do not have access to this record.' } });
        await flush();
        const alert = element.shadowRoot.querySelector('[role="alert"]');
        expect(alert.textContent).toContain('The score could not be loaded');
        expect(alert.textContent).toContain('You do not have access to this record.');
    });

    it('never throws on garbage data', async () => {
        const element = mount();
        getRecord.emit({ apiName: 'Account', fields: { Account_Score__c: { value: 'NaN' }, Account_Score_Factors__c: { value: 42 } } });
        await flush();
        expect(element.shadowRoot.querySelector('.state_unscored')).not.toBeNull();
        getRecord.emit({ apiName: 'Account', fields: { Account_Score__c: { value: 140 }, Account_Score_Tier__c: { value: 'Lukewarm' }, Account_Score_Factors__c: { value: '{"v":1,"m":"x","b":1,"f":[{"k":"a","l":"A","v":"1","c":"big","i":"high"}]}' } } });
        await flush();
        const root = element.shadowRoot;
        expect(root.querySelector('svg.ring').getAttribute('aria-label')).toBe('Account score 100 out of 100');
        expect(root.querySelector('[data-id="tier"]').textContent).toBe('Unknown tier (Lukewarm)');
        expect(root.querySelector('[data-id="factors-problem"]').textContent).toContain('factor 1 has no numeric contribution');
    });

    it.each(['scored', 'unscored', 'malformedFactors', 'manyFactors'])('is accessible: %s', async (name) => {
        const element = mount();
        getRecord.emit(require(`./data/${name}.json`));
        await flush();
        await expect(element).toBeAccessible();
    });

    it('is accessible in the error state', async () => {
        const element = mount();
        getRecord.emitError({ status: 500 });
        await flush();
        await expect(element).toBeAccessible();
    });
});
