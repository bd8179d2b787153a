import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import USER_ID from '@salesforce/user/Id';
import { buildBoard } from './boardModel';

const DAY = 86400000;

// One UI API GraphQL request: sharing and field-level security apply, and no Apex is needed.
// Book counts and expected conversions come from an aggregate, so a big book costs one row
// per rep and tier rather than one per account. Lists order by score, then Expected Conversion
// (5 decimals, the same log-odds order, finer than the score's 2) and Id, so accounts sharing a
// score keep a stable order that follows the model (docs/BENCHMARKS.md, score ties).
const QUERY = gql`
    query accountScoreBoard($managerId: ID, $poolUserId: ID, $scoredSince: DateTime, $workedBefore: Date, $rows: Int) {
        uiapi {
            query {
                team: User(
                    where: { and: [{ ManagerId: { eq: $managerId } }, { IsActive: { eq: true } }] }
                    orderBy: { Name: { order: ASC } }
                    first: 200
                ) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                        }
                    }
                }
                hotNew: Account(
                    where: {
                        and: [
                            { Owner: { ManagerId: { eq: $managerId } } }
                            { Account_Score_Tier__c: { eq: "Hot" } }
                            { Account_Score_Rising__c: { eq: true } }
                            { Account_Score_Date__c: { gte: { value: $scoredSince } } }
                            { or: [{ LastActivityDate: { eq: null } }, { LastActivityDate: { lt: { value: $workedBefore } } }] }
                        ]
                    }
                    orderBy: { Account_Score__c: { order: DESC }, Account_Score_Probability__c: { order: DESC }, Id: { order: ASC } }
                    first: $rows
                ) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            OwnerId {
                                value
                            }
                            Account_Score__c {
                                value
                            }
                            Account_Score_Tier__c {
                                value
                            }
                        }
                    }
                }
                pool: Account(
                    where: { OwnerId: { eq: $poolUserId } }
                    orderBy: { Account_Score__c: { order: DESC, nulls: LAST }, Account_Score_Probability__c: { order: DESC, nulls: LAST }, Id: { order: ASC } }
                    first: $rows
                ) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            OwnerId {
                                value
                            }
                            Account_Score__c {
                                value
                            }
                            Account_Score_Tier__c {
                                value
                            }
                        }
                    }
                }
            }
            aggregate {
                Account(
                    where: { Owner: { ManagerId: { eq: $managerId } } }
                    groupBy: { OwnerId: { group: true }, Account_Score_Tier__c: { group: true } }
                ) {
                    edges {
                        node {
                            aggregate {
                                OwnerId {
                                    value
                                }
                                Account_Score_Tier__c {
                                    value
                                }
                                Id {
                                    count {
                                        value
                                    }
                                }
                                Account_Score_Probability__c {
                                    sum {
                                        value
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
`;

export default class AccountScoreBoard extends LightningElement {
    /** the manager whose direct reports are shown; blank = the person viewing the page */
    @api managerId;
    /** the user that holds unassigned accounts (the assignment pool) */
    @api poolUserId;
    /** an account counts as worked with any activity in this many days */
    @api notWorkedDays = 30;
    /** accounts listed in each list */
    @api rows = 10;

    board = buildBoard();

    get variables() {
        const now = Date.now();
        const days = Number(this.notWorkedDays) > 0 ? Number(this.notWorkedDays) : 30;
        return {
            managerId: this.managerId || USER_ID,
            // an unknown Id matches nothing, so without a pool user the pool list is empty
            poolUserId: this.poolUserId || '005000000000000AAA',
            scoredSince: new Date(now - 7 * DAY).toISOString(),
            workedBefore: new Date(now - days * DAY).toISOString().slice(0, 10),
            rows: Math.min(Math.max(Number(this.rows) || 10, 1), 50)
        };
    }

    @wire(graphql, { query: QUERY, variables: '$variables' })
    wiredBoard({ data, errors }) {
        try {
            this.board = buildBoard({ data, errors });
        } catch {
            this.board = { state: 'error', errorMessage: 'The board could not be displayed.' };
        }
    }

    get isLoading() {
        return this.board.state === 'loading';
    }
    get isError() {
        return this.board.state === 'error';
    }
    get isEmpty() {
        return this.board.state === 'empty';
    }
    get isReady() {
        return this.board.state === 'ready';
    }
    get hasPoolUser() {
        return !!this.poolUserId;
    }
}
