import type { LookupAddress } from 'node:dns';
import { expect } from 'chai';
import { pinnedLookup } from './http-exchange.js';

interface LookupAnswer {
  readonly error: NodeJS.ErrnoException | null;
  readonly address: string | LookupAddress[];
  readonly family: number | undefined;
}

function ask(
  lookup: ReturnType<typeof pinnedLookup>,
  options: Parameters<typeof lookup>[1],
): Promise<LookupAnswer> {
  return new Promise((resolve) => {
    lookup('api.rebind.test', options, (error, address, family) => resolve({ error, address, family }));
  });
}

describe('pinnedLookup', () => {
  const lookup = pinnedLookup([
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f::1', family: 6 },
  ]);

  it('when net asks for all addresses (happy eyeballs), it gets exactly the checked ones', async () => {
    const answer = await ask(lookup, { all: true });
    expect(answer.error).to.equal(null);
    expect(answer.address).to.deep.equal([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f::1', family: 6 },
    ]);
  });

  it('when net asks for one address of a family, it gets the checked one of that family', async () => {
    expect(await ask(lookup, {})).to.deep.include({ error: null, address: '93.184.215.14', family: 4 });
    expect(await ask(lookup, { family: 6 })).to.deep.include({ address: '2606:2800:21f::1', family: 6 });
    expect(await ask(lookup, { family: 'IPv4', all: true })).to.deep.include({
      address: [{ address: '93.184.215.14', family: 4 }],
    });
  });

  it('when no checked address has the family asked for, it fails with ENOTFOUND instead of asking DNS', async () => {
    const v4Only = pinnedLookup([{ address: '93.184.215.14', family: 4 }]);
    const answer = await ask(v4Only, { family: 6 });
    expect(answer.error?.code).to.equal('ENOTFOUND');
  });
});
