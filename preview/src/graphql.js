// Stand-in for lightning/graphql outside Salesforce: the `graphql` wire adapter fetches
// /board-fixtures/<?board=name>.json from the preview server (the fixtures the board's jest
// tests use, in the UI API GraphQL response shape) and emits {data} or, when the server
// answers with an error, {errors} as the real adapter does.
export function gql(strings, ...values) {
    return strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
}

export class graphql {
    constructor(dataCallback) {
        this.dataCallback = dataCallback;
        this.connected = false;
        this.config = undefined;
    }

    connect() {
        this.connected = true;
        this.load();
    }

    disconnect() {
        this.connected = false;
    }

    update(config) {
        this.config = config;
        this.load();
    }

    async load() {
        if (!this.connected || !this.config) return;
        const name = new URLSearchParams(window.location.search).get('board') || 'team';
        try {
            const res = await fetch(`/board-fixtures/${encodeURIComponent(name)}.json`);
            const body = await res.json();
            if (res.ok) this.dataCallback({ data: body, errors: undefined });
            else this.dataCallback({ data: undefined, errors: Array.isArray(body) ? body : [body] });
        } catch (e) {
            this.dataCallback({ data: undefined, errors: [{ message: String(e) }] });
        }
    }
}
