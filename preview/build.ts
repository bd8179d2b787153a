// Builds the accountScorePanel and accountScoreBoard LWCs for the browser with LWC OSS (no Salesforce org), wiring
// lightning/uiRecordApi to a fixture-fed stub and resolving @salesforce/* scoped imports.
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { rollup, type Plugin } from 'rollup';
import lwc from '@lwc/rollup-plugin';

export const PREVIEW_DIR = fileURLToPath(new URL('.', import.meta.url));
export const ROOT_DIR = join(PREVIEW_DIR, '..');
const LWC_DIR = join(ROOT_DIR, 'force-app/main/default/lwc');

// Engine, synthetic shadow and wire service from the same release as the compiler the rollup
// plugin uses (the `lwc` package's), not whatever other tooling hoisted to the top level.
const lwcRequire = createRequire(createRequire(import.meta.url).resolve('lwc'));
const lwcEsm = (pkg: string): string => join(dirname(lwcRequire.resolve(pkg)), 'index.js');

// Values Salesforce injects per user; fixed here so screenshots are deterministic.
const I18N: Record<string, string> = { locale: 'en-US', timeZone: 'UTC', lang: 'en-US', currency: 'USD' };
const PREVIEW_USER_ID = '005000000000001AAA';

function salesforceScopedImports(): Plugin {
    const PREFIX = '\0sf:';
    return {
        name: 'salesforce-scoped-imports',
        resolveId(id: string) {
            return id.startsWith('@salesforce/schema/') || id.startsWith('@salesforce/i18n/') || id === '@salesforce/user/Id' ? PREFIX + id : null;
        },
        load(id: string) {
            if (!id.startsWith(PREFIX)) return null;
            const spec = id.slice(PREFIX.length);
            // the viewing user: the generated org's SDR manager
            if (spec === '@salesforce/user/Id') return `export default ${JSON.stringify(PREVIEW_USER_ID)};`;
            if (spec.startsWith('@salesforce/schema/')) {
                const [objectApiName, fieldApiName] = spec.slice('@salesforce/schema/'.length).split('.');
                return `export default ${JSON.stringify(fieldApiName ? { objectApiName, fieldApiName } : { objectApiName })};`;
            }
            const key = spec.slice('@salesforce/i18n/'.length);
            if (!(key in I18N)) throw new Error(`preview: no value for ${spec}; add it to I18N in preview/build.js`);
            return `export default ${JSON.stringify(I18N[key])};`;
        }
    };
}

// The engine's dev-mode checks read process.env.NODE_ENV, which browsers do not have.
function productionEnv(): Plugin {
    return {
        name: 'production-env',
        transform(code: string) {
            return code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null } : null;
        }
    };
}

/** Bundle preview/src/main.js into outDir/main.js. */
export async function buildPreview(outDir: string = join(PREVIEW_DIR, 'dist')): Promise<string> {
    const bundle = await rollup({
        input: join(PREVIEW_DIR, 'src/main.js'),
        plugins: [
            productionEnv(),
            salesforceScopedImports(),
            lwc({
                defaultModules: [],
                modules: [
                    { name: 'lwc', path: lwcEsm('@lwc/engine-dom') },
                    { name: '@lwc/synthetic-shadow', path: lwcEsm('@lwc/synthetic-shadow') },
                    { name: '@lwc/wire-service', path: lwcEsm('@lwc/wire-service') },
                    { name: 'c/accountScorePanel', path: join(LWC_DIR, 'accountScorePanel/accountScorePanel.js') },
                    { name: 'c/accountScoreBoard', path: join(LWC_DIR, 'accountScoreBoard/accountScoreBoard.js') },
                    { name: 'lightning/uiRecordApi', path: join(PREVIEW_DIR, 'src/uiRecordApi.js') },
                    { name: 'lightning/graphql', path: join(PREVIEW_DIR, 'src/graphql.js') }
                ]
            })
        ],
        onwarn(warning, warn) {
            if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
        }
    });
    try {
        await bundle.write({ dir: outDir, format: 'esm', sourcemap: true });
    } finally {
        await bundle.close();
    }
    return outDir;
}
