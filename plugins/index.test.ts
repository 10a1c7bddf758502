import { expect } from 'chai';
import { createPluginCatalog } from '../core/plugins/plugin-catalog.js';
import { pluginRegistry } from './index.js';

describe('the static plugin registry', () => {
  it('when the host loads it, every plugin passes the catalog checks and the ad platforms are all there', () => {
    const catalog = createPluginCatalog(pluginRegistry);
    expect(catalog.list().map((entry) => entry.manifest.id)).to.deep.equal([
      'ads-demo',
      'ads-meta',
      'ads-google',
      'ads-tiktok',
      'ads-snapchat',
      'ads-linkedin',
      'rules',
      'ml-roas',
      'channel-whatsapp-cloud',
      'channel-whatsapp-web',
      'conversions-capi',
      'competitors-meta-ad-library',
    ]);
    for (const entry of catalog.list()) {
      expect(entry.manifest.kind, entry.manifest.id).to.equal(
        entry.manifest.id === 'rules'
          ? 'rules'
          : entry.manifest.id === 'ml-roas'
            ? 'predictor'
            : entry.manifest.id.startsWith('channel-')
              ? 'channel'
              : entry.manifest.id.startsWith('conversions-')
                ? 'conversions'
                : entry.manifest.id.startsWith('competitors-')
                  ? 'competitor-source'
                  : 'ad-platform',
      );
      const properties = (entry.configJsonSchema as { properties?: Record<string, { writeOnly?: boolean }> })
        .properties;
      for (const field of entry.manifest.secretFields) {
        expect(properties?.[field]?.writeOnly, `${entry.manifest.id}.${field}`).to.equal(true);
      }
    }
  });
});
