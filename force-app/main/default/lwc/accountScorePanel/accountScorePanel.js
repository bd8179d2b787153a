import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import SCORE_FIELD from '@salesforce/schema/Account.Account_Score__c';
import PERCENTILE_FIELD from '@salesforce/schema/Account.Account_Score_Percentile__c';
import TIER_FIELD from '@salesforce/schema/Account.Account_Score_Tier__c';
import FACTORS_FIELD from '@salesforce/schema/Account.Account_Score_Factors__c';
import DATE_FIELD from '@salesforce/schema/Account.Account_Score_Date__c';
import MODEL_VERSION_FIELD from '@salesforce/schema/Account.Account_Score_Model_Version__c';
import PREVIOUS_FIELD from '@salesforce/schema/Account.Account_Score_Previous__c';
import PROBABILITY_FIELD from '@salesforce/schema/Account.Account_Score_Probability__c';
import { buildPanel } from './panelModel';

// optionalFields: a user without field access still sees what they can, instead of an error.
const FIELDS = [SCORE_FIELD, PERCENTILE_FIELD, TIER_FIELD, FACTORS_FIELD, DATE_FIELD, MODEL_VERSION_FIELD, PREVIOUS_FIELD, PROBABILITY_FIELD];

export default class AccountScorePanel extends LightningElement {
    @api recordId;

    panel = buildPanel();

    @wire(getRecord, { recordId: '$recordId', optionalFields: FIELDS })
    wiredRecord({ data, error }) {
        try {
            this.panel = buildPanel({ record: data, error, locale: LOCALE, timeZone: TIME_ZONE });
        } catch {
            // buildPanel is written not to throw; this is the last guard so the page never breaks.
            this.panel = { state: 'error', errorMessage: 'The score could not be displayed.' };
        }
    }

    get isLoading() {
        return this.panel.state === 'loading';
    }
    get isError() {
        return this.panel.state === 'error';
    }
    get isUnscored() {
        return this.panel.state === 'unscored';
    }
    get isScored() {
        return this.panel.state === 'scored';
    }
}
