// Tiny static server for the preview, bound to 127.0.0.1 on an ephemeral port:
//   /            index.html          /dist/*      the built bundle
//   /slds/*      SLDS assets         /fixtures/*  the LWC test fixtures (getRecord responses)
//   /board-fixtures/*  the board's fixtures (GraphQL responses)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { PREVIEW_DIR, ROOT_DIR } from './build.js';

export interface PreviewServer {
    url: string;
    close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.css': 'text/css', '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.png': 'image/png' };

export async function startPreviewServer({ distDir = join(PREVIEW_DIR, 'dist') }: { distDir?: string } = {}): Promise<PreviewServer> {
    const mounts = {
        '/dist/': distDir,
        '/slds/': join(ROOT_DIR, 'node_modules/@salesforce-ux/design-system/assets'),
        '/fixtures/': join(ROOT_DIR, 'force-app/main/default/lwc/accountScorePanel/__tests__/data'),
        '/board-fixtures/': join(ROOT_DIR, 'force-app/main/default/lwc/accountScoreBoard/__tests__/data')
    };
    const server = createServer(async (req, res) => {
        const path = decodeURIComponent(new URL(req.url || '/', 'http://x').pathname);
        let file: string | null = path === '/' ? join(PREVIEW_DIR, 'index.html') : null;
        for (const [prefix, dir] of Object.entries(mounts)) {
            if (!file && path.startsWith(prefix)) {
                const candidate = normalize(join(dir, path.slice(prefix.length)));
                if (candidate.startsWith(dir + sep)) file = candidate;
            }
        }
        try {
            if (!file) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
            const body = await readFile(file);
            res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
            res.end(body);
        } catch {
            // Salesforce's shape for a missing record, so the panel's error state can be previewed.
            res.writeHead(404, { 'content-type': 'application/json' });
            res.end(JSON.stringify([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]));
        }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve()))
    };
}
