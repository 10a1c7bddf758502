import { NotFoundError } from '../errors/errors.js';
import type { Page } from '../audit/paging.js';
import type { CompetitorAdRepository, StoredCompetitorAd } from './competitor-ad.repository.js';
import type { Competitor, CompetitorRepository } from './competitor.repository.js';
import type { CreateCompetitorInput, UpdateCompetitorInput } from './competitor.schemas.js';

export interface CompetitorService {
  create(tenantId: string, input: CreateCompetitorInput, actorId: string): Promise<Competitor>;
  /** NotFoundError for unknown, deleted and other tenants' ids alike. */
  get(tenantId: string, id: string): Promise<Competitor>;
  list(
    tenantId: string,
    query: { limit: number; cursor?: string | undefined; tag?: string | undefined },
  ): Promise<Page<Competitor>>;
  update(tenantId: string, id: string, input: UpdateCompetitorInput): Promise<Competitor>;
  remove(tenantId: string, id: string): Promise<void>;
  ads(
    tenantId: string,
    id: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<StoredCompetitorAd>>;
}

export interface CompetitorServiceDeps {
  readonly competitors: CompetitorRepository;
  readonly ads: CompetitorAdRepository;
  readonly now: () => Date;
}

const notFound = () => new NotFoundError('Competitor not found', { code: 'COMPETITORS_NOT_FOUND' });

export function createCompetitorService(deps: CompetitorServiceDeps): CompetitorService {
  const get = async (tenantId: string, id: string) => {
    const competitor = await deps.competitors.get(tenantId, id);
    if (competitor === undefined) throw notFound();
    return competitor;
  };
  return {
    create: (tenantId, input, actorId) => deps.competitors.create(tenantId, input, actorId, deps.now()),
    get,
    list: (tenantId, query) => deps.competitors.list(tenantId, query),
    async update(tenantId, id, input) {
      const updated = await deps.competitors.update(tenantId, id, input, deps.now());
      if (updated === undefined) throw notFound();
      return updated;
    },
    async remove(tenantId, id) {
      if (!(await deps.competitors.remove(tenantId, id))) throw notFound();
    },
    async ads(tenantId, id, page) {
      await get(tenantId, id);
      return deps.ads.list(tenantId, id, page);
    },
  };
}
