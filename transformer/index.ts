// cache-to-disk/transformer: the TypeScript front end, loaded by ts-patch.
export { default } from './transformer';
export type { SiteReport, TransformerExtras, TransformerOptions } from './host';
