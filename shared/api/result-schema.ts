import { type TProperties, type TSchema, Type } from 'typebox'
import { EXTRACT_IDS } from '../extracts/schema.ts'
import { PERIOD_PATTERN, RUN_ID_PATTERN } from './common.ts'

/**
 * The schema of `result.json` (the CLI's output, and the body of `GET /api/runs/:id/results`),
 * written once as TypeBox: `shared/result/types.ts` derives the `RunResult` type the engine builds
 * from it (`Static<>`), the results route answers with it, and `scripts/write-result-schema.ts`
 * publishes it as `docs/result.schema.json`.
 */

/** Money: a decimal string with exactly two decimals, never a float ("-1234.50", "0.00"). */
export const DECIMAL_PATTERN = '^-?\\d+\\.\\d{2}$'
/** A closing rate, LCY per 1 USD: a positive decimal string without exponent ("1530.25", "601.3"). */
export const FX_RATE_PATTERN = '^\\d+(\\.\\d+)?$'
export const SHA256_PATTERN = '^[0-9a-f]{64}$'
export const ISO_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$'
/** `<bridge>|<entity>|<business key>` (methodology §11). */
export const BRIDGE_IDS = ['timing', 'vtc', 'posting-group', 'business-line'] as const
export const BRIDGE_LINE_KEY_PATTERN = `^(${BRIDGE_IDS.join('|')})\\|[^|]+\\|.+$`
export const TIE_OUT_KEY_PATTERN = '^tieout\\|[^|]+\\|.+$'
export const ROLL_FORWARD_KEY_PATTERN = '^rollforward\\|[^|]+\\|.+$'

/** 2: the classified items and uncategorized entries moved out of result.json into evidence CSVs. */
export const RESULT_SCHEMA_VERSION = 2
export const RESULT_SCHEMA_ID = 'https://tieout.local/schemas/result.schema.json'
export const RESULT_SCHEMA_TITLE = 'Tieout run result (result.json)'
const RUN_RESULT_DESCRIPTION =
  'The result of one run: the content of result.json and of GET /api/runs/:id/results. Money is a decimal string with two decimals ("-1234.50"), ' +
  "never a float; USD figures are null when the entity's FX rate is missing. Line keys (`key`) identify a line across re-runs; reviews attach to them."

/** An object whose properties are all known: readonly, like the types it mirrors, and closed. */
function closed<P extends TProperties>(properties: P, description: string) {
  return Type.ReadonlyObject(Type.Object(properties), { additionalProperties: false, description })
}

/** A `readonly T[]`. */
function list<T extends TSchema>(item: T, description: string) {
  return Type.Immutable(Type.Array(item, { description }))
}

function text(description: string) {
  return Type.String({ description })
}

function nullableText(description: string) {
  return Type.Union([Type.String(), Type.Null()], { description })
}

function count(description: string) {
  return Type.Integer({ minimum: 0, description })
}

function companyCode(description = 'Company code of the entity (NAV company), e.g. EC_NG.') {
  return Type.String({ minLength: 1, description })
}

function money(description: string) {
  return Type.String({ pattern: DECIMAL_PATTERN, description: `${description} Decimal string, two decimals.` })
}

function nullableMoney(description: string) {
  return Type.Union([Type.String({ pattern: DECIMAL_PATTERN }), Type.Null()], {
    description: `${description} Decimal string, two decimals.`,
  })
}

/** A USD figure: `null` when the entity's closing rate is missing (never converted at 1). */
function usd(description: string) {
  return nullableMoney(`${description} USD; null when the entity's FX rate is missing.`)
}

export const ResultStatusSchema = Type.Enum(['OK', 'INVESTIGATE', 'FX_MISSING', 'NO_TV'], {
  description:
    'OK: within threshold. INVESTIGATE: at or above threshold. FX_MISSING: USD unknown, the entity has no usable closing rate. NO_TV: the target-value extract was not part of the run.',
})

export const ThresholdTypeSchema = Type.Enum(['BUCKET_USD', 'LINE_ITEM_USD', 'COUNTRY_MATERIALITY_USD'], {
  description:
    'BUCKET_USD: tie-out groups and roll-forward buckets. LINE_ITEM_USD: bridge line materiality. COUNTRY_MATERIALITY_USD: entity conclusion.',
})

export const ExtractIdSchema = Type.Enum(EXTRACT_IDS, { description: 'Extract id (methodology §3).' })

export const ResultBridgeIdSchema = Type.Enum(BRIDGE_IDS, { description: 'Bridge id (methodology §6).' })

export const ThresholdRefSchema = closed(
  {
    type: ThresholdTypeSchema,
    valueUsd: money('Threshold in USD.'),
    file: text('Threshold file the rule comes from, relative to the config directory; "built-in" for the fallback.'),
    sha256: Type.Union([Type.String({ pattern: SHA256_PATTERN }), Type.Null()], {
      description: 'SHA-256 (lower-case hex) of the threshold file; null for the built-in fallback.',
    }),
    rule: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: '0-based position of the rule in its file; null for the built-in fallback.',
    }),
  },
  'Which threshold decided a status, and from where (methodology §8).',
)

export const PeriodInfoSchema = closed(
  {
    period: Type.String({ pattern: PERIOD_PATTERN, description: 'Month N, YYYY-MM.' }),
    year: Type.Integer({ description: 'Year of month N.' }),
    month: Type.Integer({ minimum: 1, maximum: 12, description: 'Month N, 1 to 12.' }),
    closingDate: Type.String({ pattern: ISO_DATE_PATTERN, description: 'Last day of month N, YYYY-MM-DD.' }),
    periodStart: Type.String({ pattern: ISO_DATE_PATTERN, description: 'First day of month N, YYYY-MM-DD.' }),
    nextPeriodStart: Type.String({ pattern: ISO_DATE_PATTERN, description: 'First day of month N+1, YYYY-MM-DD.' }),
    yearStart: Type.String({ pattern: ISO_DATE_PATTERN, description: 'First day of the year of month N, YYYY-MM-DD.' }),
    timingWindowStart: Type.String({ pattern: ISO_DATE_PATTERN, description: 'Start of the timing-bridge window, YYYY-MM-DD.' }),
    fxYear: Type.Integer({ description: 'Year of the closing rates used (CR_05).' }),
    fxMonth: Type.Integer({ minimum: 1, maximum: 12, description: 'Month of the closing rates used (CR_05).' }),
  },
  'Every date the run derives from its month N (methodology §2).',
)

export const EntityInfoSchema = closed(
  {
    companyCode: companyCode(),
    name: text('Entity name.'),
    countryCode: text('ISO 3166-1 alpha-2 country code.'),
    currency: text('Local currency (LCY), ISO 4217 code.'),
    fxRate: Type.Union([Type.String({ pattern: FX_RATE_PATTERN }), Type.Null()], {
      description: 'Closing rate, LCY per 1 USD, as a decimal string; null when CR_05 has no usable rate.',
    }),
  },
  'An entity of the run and its closing rate.',
)

export const TieOutRowSchema = closed(
  {
    key: Type.String({ pattern: TIE_OUT_KEY_PATTERN, description: 'Line key `tieout|<companyCode>|<group>`.' }),
    companyCode: companyCode(),
    group: text('Account-map group key, e.g. customer-ar.'),
    groupTitle: text('Account-map group title.'),
    accounts: list(text('G/L account number.'), 'G/L accounts of the group.'),
    sign: Type.Enum([1, -1], {
      description: 'Sign applied to NAV actuals before comparing with the target value: 1 (assets) or -1 (liabilities).',
    }),
    tvExtract: ExtractIdSchema,
    actualsLcy: money('NAV balance of the group accounts (CR_04), LCY.'),
    tvLcy: nullableMoney('Target value (TV), LCY; null when the TV extract was not part of the run (status NO_TV).'),
    varianceLcy: nullableMoney('sign × actuals − TV, LCY; null without TV.'),
    explainedLcy: money('Variance explained by bridges, LCY.'),
    unexplainedLcy: nullableMoney('Variance − explained, LCY; null without TV.'),
    actualsUsd: usd('Actuals,'),
    tvUsd: usd('Target value,'),
    varianceUsd: usd('Variance,'),
    explainedUsd: usd('Explained variance,'),
    unexplainedUsd: usd('Unexplained variance (converted once from LCY),'),
    status: ResultStatusSchema,
    threshold: Type.Union([ThresholdRefSchema, Type.Null()], { description: 'BUCKET_USD threshold applied; null when status is NO_TV.' }),
  },
  'One account-map group of one entity: NAV actuals against the target value (methodology §4).',
)

export const EntityConclusionSchema = closed(
  {
    key: text('Line key `entity|<companyCode>`.'),
    companyCode: companyCode(),
    status: Type.Enum(['OK', 'INVESTIGATE', 'FX_MISSING'], {
      description:
        'OK when every reconciled group is OK and Σ |unexplained| USD is below COUNTRY_MATERIALITY_USD; FX_MISSING when the rate is missing; otherwise INVESTIGATE.',
    }),
    totalUnexplainedUsd: usd('Σ |unexplained| of the reconciled groups,'),
    threshold: ThresholdRefSchema,
  },
  'The conclusion for one entity (methodology §4, §11).',
)

export const RollForwardBucketSchema = closed(
  {
    key: Type.String({ pattern: ROLL_FORWARD_KEY_PATTERN, description: 'Line key `rollforward|<companyCode>|<category>|<voucherType>`.' }),
    companyCode: companyCode(),
    category: text('Voucher movement category, e.g. Issuance, Usage, Expired.'),
    voucherType: text('Canonical voucher type, or "(none)".'),
    navLcy: money('Movement booked in NAV 18412, LCY.'),
    bobLcy: money('Movement from the voucher back office (BOB), LCY.'),
    varianceLcy: money('NAV − BOB, LCY.'),
    navUsd: usd('NAV movement,'),
    bobUsd: usd('BOB movement,'),
    varianceUsd: usd('Variance,'),
    status: ResultStatusSchema,
    threshold: Type.Union([ThresholdRefSchema, Type.Null()], { description: 'BUCKET_USD threshold applied.' }),
  },
  'One voucher roll-forward bucket: category × voucher type of one entity (methodology §5).',
)

const DetailValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])

export const ResultBridgeLineSchema = closed(
  {
    key: Type.String({
      pattern: BRIDGE_LINE_KEY_PATTERN,
      description: 'Line key `<bridge>|<companyCode>|<businessKey>` (methodology §11): reviews attach to it and survive re-runs.',
    }),
    bridge: ResultBridgeIdSchema,
    companyCode: companyCode(),
    businessKey: text('Business key of the line within its bridge and entity (voucher id, customer no., customer|business line).'),
    description: text('What the line is, in words.'),
    amountLcy: money('Amount of the line, LCY.'),
    amountUsd: usd('Amount,'),
    material: Type.Boolean({ description: '|amount USD| ≥ LINE_ITEM_USD, or USD unknown (methodology §11).' }),
    detail: Type.ReadonlyObject(Type.Record(Type.String(), DetailValueSchema), {
      description:
        'Bridge-specific figures shown beside the line (voucher amounts, balances, groups): an open record of string, number, boolean or null.',
    }),
  },
  'One line of a bridge.',
)

export const BridgeDiagnosticSchema = closed(
  {
    label: text('What was counted.'),
    count: count('How many.'),
    amountLcy: nullableMoney('Their amount, LCY; null when not applicable.'),
  },
  'A count a bridge reports beside its lines.',
)

export const BridgeResultSchema = closed(
  {
    bridge: ResultBridgeIdSchema,
    title: text('Bridge title.'),
    companyCode: companyCode(),
    group: text('Account-map group the bridge explains.'),
    sign: Type.Integer({ description: 'Sign with which the bridge total adds to the group explained variance: 1 or -1.' }),
    totalLcy: money('Σ line amounts, LCY.'),
    totalUsd: usd('Total,'),
    lines: list(ResultBridgeLineSchema, 'Lines with a non-zero amount or that need review; zero-difference lines are only counted.'),
    zeroLineCount: count('Zero-difference lines, counted but not listed.'),
    lineThreshold: Type.Union([ThresholdRefSchema, Type.Null()], { description: 'LINE_ITEM_USD threshold deciding `material`.' }),
    diagnostics: list(BridgeDiagnosticSchema, 'Diagnostic counts of the bridge.'),
  },
  'One bridge of one entity (methodology §6).',
)

export const ClassifiedItemSchema = closed(
  {
    key: text(
      'Line key `classification|<companyCode>|<Event_date>|<CP>|<Transaction_Type>|<Related_Entity>`, `#2`, `#3`… appended to a repeated key.',
    ),
    companyCode: companyCode(),
    eventDate: nullableText('IPE_31 Event_date as extracted.'),
    cp: nullableText('IPE_31 counterparty (CP).'),
    transactionType: nullableText('IPE_31 Transaction_Type.'),
    relatedEntity: nullableText('IPE_31 Related_Entity.'),
    amountLcy: nullableMoney('Open amount, LCY; null when the extract has none.'),
    amountUsd: usd('Open amount,'),
    rule: text('Key of the catalog rule that matched, or UNCLASSIFIED.'),
    ruleTitle: text('Title of the rule.'),
    drAccounts: list(text('G/L account (pattern such as 100XX allowed).'), 'Accounts to debit.'),
    crAccounts: list(text('G/L account (pattern such as 100XX allowed).'), 'Accounts to credit.'),
  },
  'One IPE_31 open item and the catalog rule that classifies it (methodology §7).',
)

export const ClassificationSummaryRowSchema = closed(
  {
    companyCode: companyCode(),
    rule: text('Rule key, or UNCLASSIFIED.'),
    count: count('Items classified by the rule.'),
    amountLcy: money('Their amount, LCY.'),
    amountUsd: usd('Their amount,'),
  },
  'Items and amount per entity and rule.',
)

export const CatalogFindingSchema = closed(
  {
    rule: text('Rule key.'),
    kind: Type.Enum(['unreachable', 'partly-unreachable', 'missing-columns'], { description: 'What is wrong with the rule.' }),
    detail: text('Why, in words.'),
  },
  'A problem of the rule catalog found while classifying.',
)

/** Where the long lists of a run are kept: CSVs of its evidence package, served by page by the API. */
export const RESULT_LIST_FILES = {
  classifiedItems: 'results/IPE_31-classified.csv',
  uncategorized: 'results/CR_03-18412-uncategorized.csv',
} as const

export const ClassificationResultSchema = closed(
  {
    itemCount: count('Classified items: listed in the evidence CSV `itemsFile`, not here.'),
    itemsFile: Type.Literal(RESULT_LIST_FILES.classifiedItems, {
      description:
        'Evidence file listing every classified item, one row per item with the fields of an item as columns; GET /api/runs/:id/classification/items serves it by page.',
    }),
    summary: list(ClassificationSummaryRowSchema, 'Totals per entity and rule.'),
    catalogFindings: list(CatalogFindingSchema, 'Findings on the rule catalog.'),
  },
  'Classification of IPE_31 open items (methodology §7); the items themselves are in `itemsFile`.',
)

export const CategorizationCountSchema = closed(
  {
    companyCode: companyCode(),
    category: nullableText('Category; null when uncategorized.'),
    voucherType: nullableText('Voucher type; null when uncategorized.'),
    rule: Type.Union([Type.Integer({ minimum: 1, maximum: 7 }), Type.Null()], {
      description: 'Categorization rule number (1 to 7); null when uncategorized.',
    }),
    count: count('Entries.'),
    amountLcy: money('Their amount, LCY.'),
  },
  'CR_03 entries of account 18412 per entity, category, voucher type and rule.',
)

export const UncategorizedRowSchema = closed(
  {
    companyCode: companyCode(),
    entryNo: Type.Union([Type.Integer(), Type.Null()], { description: 'NAV entry no.' }),
    documentNo: nullableText('NAV document no.'),
    postingDate: nullableText('Posting date, YYYY-MM-DD.'),
    description: nullableText('Entry description, as posted.'),
    userId: nullableText('NAV user id.'),
    amountLcy: nullableMoney('Amount, LCY.'),
  },
  'A CR_03 entry of account 18412 that no rule categorizes.',
)

export const CategorizationResultSchema = closed(
  {
    counts: list(CategorizationCountSchema, 'Counts per entity, category, voucher type and rule.'),
    uncategorizedCount: count('Uncategorized entries: listed in the evidence CSV `uncategorizedFile`, not here.'),
    uncategorizedFile: Type.Literal(RESULT_LIST_FILES.uncategorized, {
      description:
        'Evidence file listing every uncategorized entry, one row per entry with the fields of an entry as columns; GET /api/runs/:id/categorization/uncategorized serves it by page.',
    }),
    otherAccountRows: count('Rows of accounts other than 18412: counted, not listed (methodology §11).'),
    unmappedBusinessUses: list(
      closed(
        { companyCode: companyCode(), businessUse: text('Voucher business_use without a voucher type.'), count: count('Entries.') },
        'An unmapped business use.',
      ),
      'Voucher business uses without a mapping.',
    ),
    vouchersNotFound: list(
      closed({ companyCode: companyCode(), voucherNo: text('Voucher no. as posted.'), count: count('Entries.') }, 'A voucher not found.'),
      'Vouchers referenced by entries but not found in the voucher extracts.',
    ),
  },
  'Categorization of CR_03 voucher-liability entries (methodology §5); the uncategorized entries themselves are in `uncategorizedFile`.',
)

export const QualityIssueSchema = closed(
  {
    check: Type.Enum(['required-columns', 'types', 'key-uniqueness', 'min-rows', 'ignored-columns', 'company'], {
      description: 'Which check.',
    }),
    severity: Type.Enum(['error', 'warning'], { description: 'An error fails the extract; a warning does not.' }),
    message: text('The finding, in words.'),
    column: Type.Optional(text('Column at fault, when one is.')),
    rows: Type.Optional(list(Type.Integer({ minimum: 1 }), 'First data rows at fault; row 1 is the first row after the header.')),
  },
  'One finding of a quality check.',
)

export const QualityReportSchema = closed(
  {
    extract: ExtractIdSchema,
    file: text('Extract file checked.'),
    rows: count('Data rows.'),
    passed: Type.Boolean({ description: 'No error-level issue.' }),
    issues: list(QualityIssueSchema, 'Findings.'),
  },
  'Quality checks of one extract (methodology §3).',
)

export const ExtractRecordSchema = closed(
  {
    extract: ExtractIdSchema,
    rows: count('Data rows.'),
    sha256: Type.String({ pattern: SHA256_PATTERN, description: 'SHA-256 (lower-case hex) of the canonical CSV.' }),
    file: text('Canonical CSV in the evidence, e.g. extracts/CR_04.csv.'),
  },
  'An extract as kept in the evidence.',
)

export const ConfigRefSchema = closed(
  {
    name: text('Configuration name.'),
    file: text('Configuration file, relative to the config directory.'),
    sha256: Type.String({ pattern: SHA256_PATTERN, description: 'SHA-256 (lower-case hex) of the file.' }),
  },
  'A configuration file the run used.',
)

export const RunResultSchema = closed(
  {
    schemaVersion: Type.Literal(RESULT_SCHEMA_VERSION, {
      description: 'Version of this format. Version 1 listed the classified items and uncategorized entries inline.',
    }),
    runId: Type.String({ pattern: RUN_ID_PATTERN, description: 'Run id.' }),
    product: closed(
      { name: Type.Literal('tieout', { description: 'Product name.' }), version: text('Product version that produced the result.') },
      'The product that produced the result.',
    ),
    period: PeriodInfoSchema,
    source: text('Where the extracts came from, in words, e.g. "demo (scale 0.1)".'),
    entities: list(EntityInfoSchema, 'Entities of the run.'),
    tieOut: list(TieOutRowSchema, 'Tie-out rows: entity × account-map group.'),
    conclusions: list(EntityConclusionSchema, 'One conclusion per entity.'),
    rollForward: list(RollForwardBucketSchema, 'Voucher roll-forward buckets.'),
    bridges: list(BridgeResultSchema, 'Bridges: entity × bridge.'),
    classification: ClassificationResultSchema,
    categorization: CategorizationResultSchema,
    extracts: list(ExtractRecordSchema, 'Extracts of the run, with their hashes.'),
    quality: list(QualityReportSchema, 'Quality report per extract.'),
    config: list(ConfigRefSchema, 'Configuration files used, with their hashes.'),
  },
  RUN_RESULT_DESCRIPTION,
)

/** The published JSON Schema document (draft 2020-12) of `result.json`. */
export function resultJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: RESULT_SCHEMA_ID,
    title: RESULT_SCHEMA_TITLE,
    description: RUN_RESULT_DESCRIPTION,
    // A JSON copy: only the JSON Schema keywords, none of TypeBox's hidden markers.
    ...(JSON.parse(JSON.stringify(RunResultSchema)) as Record<string, unknown>),
  }
}
