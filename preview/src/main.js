// Mounts c-account-score-panel for the record named in ?record=<fixture name>.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import AccountScorePanel from 'c/accountScorePanel';

const params = new URLSearchParams(window.location.search);
const element = createElement('c-account-score-panel', { is: AccountScorePanel });
element.recordId = params.get('record') || 'scored';
document.getElementById('root').appendChild(element);
