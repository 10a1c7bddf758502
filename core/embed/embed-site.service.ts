import { SYSTEM_ACTION_CONTEXT } from '../audit/audit-event.js';
import type { ActionContext, AuditChanges } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import { toPage } from '../audit/paging.js';
import type { Page, PageRequest } from '../audit/paging.js';
import { NotFoundError } from '../errors/errors.js';
import { parseInput } from '../tenants/parse-input.js';
import type { EmbedSite, EmbedSiteRepository } from './embed-site.repository.js';
import { createEmbedSiteInputSchema, updateEmbedSiteInputSchema } from './embed-site.schemas.js';
import type { CreateEmbedSiteInput, UpdateEmbedSiteInput } from './embed-site.schemas.js';

export interface EmbedSiteService {
  create(tenantId: string, input: CreateEmbedSiteInput, context?: ActionContext): Promise<EmbedSite>;
  list(tenantId: string, page: PageRequest): Promise<Page<EmbedSite>>;
  /** NotFoundError (`EMBED_SITE_NOT_FOUND`) for unknown, deleted and other tenants' sites. */
  get(tenantId: string, id: string): Promise<EmbedSite>;
  /** The live site or undefined: a deleted site stops its tokens at once. */
  find(tenantId: string, id: string): Promise<EmbedSite | undefined>;
  findByName(tenantId: string, name: string): Promise<EmbedSite | undefined>;
  update(
    tenantId: string,
    id: string,
    input: UpdateEmbedSiteInput,
    context?: ActionContext,
  ): Promise<EmbedSite>;
  remove(tenantId: string, id: string, context?: ActionContext): Promise<void>;
  anyAllowsOrigin(origin: string): Promise<boolean>;
}

export interface EmbedSiteServiceDeps {
  readonly repository: EmbedSiteRepository;
  readonly audit: AuditService;
  readonly now: () => Date;
}

const notFound = () => new NotFoundError('Embed site not found', { code: 'EMBED_SITE_NOT_FOUND' });

function changesOf(site: Partial<EmbedSite>): AuditChanges {
  const changes: Record<string, { to: string }> = {};
  if (site.name !== undefined) changes.name = { to: site.name };
  if (site.allowedOrigins !== undefined) changes.allowedOrigins = { to: site.allowedOrigins.join(',') };
  if (site.widgets !== undefined) changes.widgets = { to: site.widgets.join(',') };
  if (site.defaultLocale !== undefined) changes.defaultLocale = { to: site.defaultLocale };
  if (site.theme !== undefined) changes.theme = { to: JSON.stringify(site.theme) };
  return changes;
}

export function createEmbedSiteService(deps: EmbedSiteServiceDeps): EmbedSiteService {
  const { repository, audit, now } = deps;
  const record = (
    tenantId: string,
    action: string,
    id: string,
    context: ActionContext,
    changes?: AuditChanges,
  ) =>
    audit.record({
      tenantId,
      action,
      target: { type: 'embedSite', id },
      outcome: 'success',
      context,
      changes,
    });

  return {
    async create(tenantId, input, context = SYSTEM_ACTION_CONTEXT) {
      const parsed = parseInput(createEmbedSiteInputSchema, input);
      const at = now();
      const site = await repository.insert({ tenantId, ...parsed, createdAt: at, updatedAt: at });
      await record(tenantId, 'embedSite.create', site.id, context, changesOf(site));
      return site;
    },
    async list(tenantId, page) {
      return toPage(await repository.list(tenantId, page), page.limit);
    },
    async get(tenantId, id) {
      const site = await repository.findById(tenantId, id);
      if (site === undefined) throw notFound();
      return site;
    },
    find: (tenantId, id) => repository.findById(tenantId, id),
    findByName: (tenantId, name) => repository.findByName(tenantId, name),
    async update(tenantId, id, input, context = SYSTEM_ACTION_CONTEXT) {
      const parsed = parseInput(updateEmbedSiteInputSchema, input);
      const updated = await repository.update(tenantId, id, { ...parsed, updatedAt: now() });
      if (updated === undefined) throw notFound();
      await record(tenantId, 'embedSite.update', id, context, changesOf(parsed));
      return updated;
    },
    async remove(tenantId, id, context = SYSTEM_ACTION_CONTEXT) {
      if (!(await repository.softDelete(tenantId, id, now()))) throw notFound();
      await record(tenantId, 'embedSite.delete', id, context);
    },
    anyAllowsOrigin: (origin) => repository.anyAllowsOrigin(origin),
  };
}
