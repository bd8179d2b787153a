// Mounts c-account-score-panel for the record named in ?record=<fixture name>, or
// c-account-score-board for ?board=<fixture name> (an App page's main column).
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import AccountScorePanel from 'c/accountScorePanel';
import AccountScoreBoard from 'c/accountScoreBoard';

const params = new URLSearchParams(window.location.search);
const root = document.getElementById('root');
if (params.has('board')) {
    root.style.width = '860px';
    root.setAttribute('aria-label', 'SDR manager app page');
    const element = createElement('c-account-score-board', { is: AccountScoreBoard });
    element.poolUserId = '005000000000000AAA';
    root.appendChild(element);
} else {
    const element = createElement('c-account-score-panel', { is: AccountScorePanel });
    element.recordId = params.get('record') || 'scored';
    root.appendChild(element);
}
