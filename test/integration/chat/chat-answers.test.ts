/**
 * The chat engine over REST on the whole product (ads-demo data synced at first start): answers
 * carry the KPI API's numbers for the same days and filter, follow-ups keep context, out-of-scope
 * and action requests get no numbers, and conversations stay with their tenant and user.
 */
import { expect } from 'chai';
import type { ChatHost } from './support/chat-host.js';
import { startChatHost } from './support/chat-host.js';

interface ChatBody {
  readonly conversationId: string;
  readonly text: string;
  readonly language: string;
  readonly payload: {
    kind: string;
    rows?: Record<string, string | number | null>[];
    points?: { date: string; value: number | null }[];
  } | null;
  readonly frame: {
    intent: string;
    metric: string | null;
    platform: string | string[] | null;
    range: { from: string; to: string } | null;
  };
}

interface KpiBody {
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly totals: Record<string, number | null>;
  readonly rows: { key: string; label: string; values: Record<string, number | null> }[];
}

/** Money as an English answer shows it (an independent Intl formatter, two-decimal currencies). */
const money = (cents: number, currency = 'USD') =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
const usd = (cents: number) => money(cents);

describe('chat answers over REST (integration)', function () {
  this.timeout(120_000);
  let host: ChatHost;
  let manager: string;

  const ask = async (token: string, text: string, conversationId?: string): Promise<ChatBody> => {
    const response = await host.api('/chat/messages', token, {
      method: 'POST',
      body: JSON.stringify({ text, ...(conversationId === undefined ? {} : { conversationId }) }),
    });
    expect(response.status, await response.clone().text()).to.equal(200);
    return (await response.json()) as ChatBody;
  };
  const kpis = async (token: string, query: string): Promise<KpiBody> => {
    const response = await host.api(`/kpis${query}`, token);
    expect(response.status).to.equal(200);
    return (await response.json()) as KpiBody;
  };

  before(async () => {
    host = await startChatHost('answers');
    manager = await host.login('manager@demo.stratum.dev');
  });
  after(async () => {
    await host?.close();
  });

  it('when a manager asks for a metric and follows up, each answer carries the KPI API numbers of the understood days and platform', async () => {
    const first = await ask(manager, 'meta spend yesterday');
    expect(first.frame).to.include({ intent: 'metric_query', metric: 'spend', platform: 'meta' });
    const range = first.frame.range;
    if (range === null) throw new Error('no range understood');
    const meta = await kpis(manager, `?from=${range.from}&to=${range.to}&platforms=meta&metrics=spend`);
    expect(first.text).to.include(usd(meta.totals.spend ?? -1));
    expect(first.text).to.include('USD').and.include('America/New_York').and.include('Data last synced');

    const second = await ask(manager, 'and on tiktok?', first.conversationId);
    expect(second.frame).to.deep.include({
      intent: 'metric_query',
      metric: 'spend',
      platform: 'tiktok',
      range,
    });
    const tiktok = await kpis(manager, `?from=${range.from}&to=${range.to}&platforms=tiktok&metrics=spend`);
    expect(second.text).to.include(usd(tiktok.totals.spend ?? -1));
    expect(tiktok.totals.spend).to.not.equal(meta.totals.spend);

    const third = await ask(manager, 'what about last month?', first.conversationId);
    expect(third.frame).to.include({ metric: 'spend', platform: 'tiktok' });
    const lastMonth = await kpis(manager, '?range=last_month&platforms=tiktok&metrics=spend');
    expect(third.frame.range).to.deep.equal({ from: lastMonth.from, to: lastMonth.to });
    expect(third.text).to.include(usd(lastMonth.totals.spend ?? -1));
  });

  it('when asked for ROAS, the ratio shown is the KPI API ratio of sums for those days', async () => {
    const answer = await ask(manager, 'roas last week');
    const range = answer.frame.range;
    if (range === null) throw new Error('no range understood');
    const api = await kpis(manager, `?from=${range.from}&to=${range.to}&metrics=roas`);
    expect(answer.text)
      .to.include(`ROAS on all platforms`)
      .and.include((api.totals.roas ?? -1).toFixed(2));
  });

  it('when asked for a ranking or a trend, the table and series equal the breakdown and timeseries APIs', async () => {
    const top = await ask(manager, 'top 3 campaigns by revenue last week');
    expect(top.frame.intent).to.equal('top_n');
    const range = top.frame.range;
    if (range === null) throw new Error('no range understood');
    const breakdown = await kpis(
      manager,
      `/breakdown?groupBy=campaign&from=${range.from}&to=${range.to}&metrics=revenue&sort=-revenue&limit=3`,
    );
    expect(top.payload?.kind).to.equal('table');
    expect(top.payload?.rows?.map((row) => row['revenue'])).to.deep.equal(
      breakdown.rows.map((row) => (row.values['revenue'] ?? 0) / 100),
    );
    expect(top.payload?.rows?.[0]?.['label']).to.include(breakdown.rows[0]?.label ?? '?');

    const trend = await ask(manager, 'spend trend last 14 days on google');
    expect(trend.frame.intent).to.equal('trend');
    const trendRange = trend.frame.range;
    if (trendRange === null) throw new Error('no range understood');
    const series = await kpis(
      manager,
      `/timeseries?groupBy=day&from=${trendRange.from}&to=${trendRange.to}&platforms=google&metrics=spend`,
    );
    expect(trend.payload?.points).to.deep.equal(
      series.rows.map((row) => ({ date: row.key, value: (row.values['spend'] ?? 0) / 100 })),
    );
  });

  it('when the message is out of scope or asks to act, the answer is polite and carries no number', async () => {
    for (const text of [
      'what is the weather in paris tomorrow?',
      'tell me a joke',
      'pause all campaigns now',
    ]) {
      const answer = await ask(manager, text);
      expect(answer.payload, text).to.equal(null);
      expect(answer.text, text).to.not.match(/[0-9٠-٩]/);
    }
    const action = await ask(manager, 'pause all campaigns now');
    expect(action.text).to.include('console');
  });

  it("when a rule's alert is open, asking what is wrong names it; another tenant's alert never shows", async () => {
    const demoId = await host.tenantId('demo');
    const acmeId = await host.tenantId('acme');
    const alerts = host.running.context.platform.rules.alerts;
    await alerts.raise(demoId, {
      source: 'rules:chat-test',
      severity: 'warning',
      title: 'Spend 50% over daily average on Prospecting',
    });
    await alerts.raise(acmeId, { source: 'rules:acme', severity: 'critical', title: 'Acme secret alert' });
    const answer = await ask(manager, 'any alerts?');
    expect(answer.frame.intent).to.equal('alerts');
    expect(answer.text).to.include('Spend 50% over daily average on Prospecting');
    expect(answer.text).to.not.include('Acme secret alert');
  });

  it('when a message is in Arabic or Ukrainian, the answer is in that language with the same numbers', async () => {
    const arabic = await ask(manager, 'كم صرفنا على فيسبوك امس');
    expect(arabic.language).to.equal('ar');
    expect(arabic.text).to.include('الإنفاق');
    const ukrainian = await ask(manager, 'скільки витратили на google минулого тижня');
    expect(ukrainian.language).to.equal('uk');
    const range = ukrainian.frame.range;
    if (range === null) throw new Error('no range understood');
    const google = await kpis(manager, `?from=${range.from}&to=${range.to}&platforms=google&metrics=spend`);
    const amount = ((google.totals.spend ?? 0) / 100).toLocaleString('uk-UA', { minimumFractionDigits: 2 });
    expect(ukrainian.text).to.include('Витрати').and.include(amount);
  });

  it("when another tenant's user asks, the answer is that tenant's numbers and the other conversation is a 404", async () => {
    const acme = await host.login('admin@acme.stratum.dev');
    const demoAnswer = await ask(manager, 'spend last week');
    const acmeAnswer = await ask(acme, 'spend last week');
    const range = acmeAnswer.frame.range;
    if (range === null) throw new Error('no range understood');
    const acmeKpis = await kpis(acme, `?from=${range.from}&to=${range.to}&metrics=spend`);
    const demoKpis = await kpis(manager, `?from=${range.from}&to=${range.to}&metrics=spend`);
    expect(acmeAnswer.text).to.include(money(acmeKpis.totals.spend ?? -1, acmeKpis.currency));
    expect(acmeAnswer.text).to.not.include(money(demoKpis.totals.spend ?? -1, demoKpis.currency));

    const own = await host.api(`/chat/conversations/${demoAnswer.conversationId}/messages`, manager);
    expect(own.status).to.equal(200);
    const history = (await own.json()) as { data: { role: string; text: string }[] };
    expect(history.data.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
    expect(history.data[0]?.text).to.equal('spend last week');
    expect(
      (await host.api(`/chat/conversations/${demoAnswer.conversationId}/messages`, acme)).status,
    ).to.equal(404);
    const colleague = await host.login('admin@demo.stratum.dev');
    expect(
      (await host.api(`/chat/conversations/${demoAnswer.conversationId}/messages`, colleague)).status,
    ).to.equal(404);
  });

  it('when a viewer (no chat:use) posts a message, the answer is 403', async () => {
    const viewer = await host.login('viewer@demo.stratum.dev');
    const response = await host.api('/chat/messages', viewer, {
      method: 'POST',
      body: JSON.stringify({ text: 'roas yesterday' }),
    });
    expect(response.status).to.equal(403);
  });
});
