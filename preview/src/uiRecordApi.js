// Stand-in for lightning/uiRecordApi outside Salesforce: getRecord is a wire adapter that
// fetches /fixtures/<recordId>.json from the preview server (the same fixtures the LWC jest
// tests use) and emits {data} or, when the server answers with an error, {error} shaped like
// Lightning Data Service's FetchResponse.
export class getRecord {
    constructor(dataCallback) {
        this.dataCallback = dataCallback;
        this.connected = false;
        this.recordId = undefined;
    }

    connect() {
        this.connected = true;
        this.load();
    }

    disconnect() {
        this.connected = false;
    }

    update(config) {
        this.recordId = config && config.recordId;
        this.load();
    }

    async load() {
        const recordId = this.recordId;
        if (!this.connected || !recordId) return;
        try {
            const res = await fetch(`/fixtures/${encodeURIComponent(recordId)}.json`);
            const body = await res.json();
            if (recordId !== this.recordId) return;
            if (res.ok) this.dataCallback({ data: body, error: undefined });
            else this.dataCallback({ data: undefined, error: { status: res.status, statusText: res.statusText, ok: false, body } });
        } catch (e) {
            this.dataCallback({ data: undefined, error: { status: 0, statusText: 'Network error', ok: false, body: { message: String(e) } } });
        }
    }
}

export function getFieldValue(record, field) {
    const f = record && record.fields && record.fields[field.fieldApiName];
    return f ? f.value : undefined;
}
