import { expect } from 'chai';
import { createMetrics } from './metrics.js';

describe('metrics', () => {
  it('when two metric sets are created, each has its own registry and both expose the HTTP histogram', async () => {
    const first = createMetrics({ collectDefault: false });
    const second = createMetrics({ collectDefault: false });
    expect(first.registry).not.to.equal(second.registry);
    first.httpRequestDuration.observe({ method: 'GET', route: '/a', status_code: '200' }, 0.01);
    expect(await first.registry.metrics()).to.include(
      'http_request_duration_seconds_count{method="GET",route="/a",status_code="200"} 1',
    );
    expect(await second.registry.metrics()).not.to.include('route="/a"');
  });

  it('when default metrics are on, CPU, memory and event-loop lag are exposed', async () => {
    const text = await createMetrics().registry.metrics();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).to.include(name);
    }
  });

  it('when default labels are given, every series carries them', async () => {
    const metrics = createMetrics({ collectDefault: false, defaultLabels: { service: 'api' } });
    metrics.httpRequestDuration.observe({ method: 'GET', route: '/a', status_code: '200' }, 0.01);
    expect(await metrics.registry.metrics()).to.include('service="api"');
  });
});
