// Demo directory of a FICTIONAL court, 示例县人民法院 (court code 'demo'): regions, bodies, routing rules and the
// 2026–2027 working-day calendar. Every name, phone number, address and holiday date here is DEMO DATA: a real
// court must replace it with its own before going live (the calendar follows the State Council's yearly notice).
// seedDirectory is idempotent: rows that already exist (by code / name / date) are left as the court edited them.
import { and, eq } from 'drizzle-orm'
import type { Domain, Intent } from '../../core/labels.js'
import type { RuleAction, RuleMatch } from '../../core/router.js'
import type { Db } from '../client.js'
import { bodies, calendarDays, regions, routingRules, type BodyKind, type EscalationStep } from '../schema/index.js'

export const DEMO_COURT = { code: 'demo', name: '示例县人民法院', caseCode: '示0101' } as const

export interface DemoRegion {
  code: string
  name: string
  kind: 'town' | 'township' | 'subdistrict' | 'sumu' | 'village' | 'gacha' | 'community'
  parent?: string
  aliases: string[]
}

export const DEMO_REGIONS: readonly DemoRegion[] = [
  { code: 'chengguan', name: '城关镇', kind: 'town', aliases: ['城关', '县城'] },
  { code: 'xinhua', name: '新华街道', kind: 'subdistrict', aliases: ['新华街道办', '新华办事处'] },
  { code: 'dongfeng', name: '东风镇', kind: 'town', aliases: ['东风'] },
  { code: 'xihe', name: '西河乡', kind: 'township', aliases: ['西河'] },
  { code: 'baiyin', name: '白音苏木', kind: 'sumu', aliases: ['白音'] },
  { code: 'bayan', name: '巴彦苏木', kind: 'sumu', aliases: ['巴彦'] },
  { code: 'nanling', name: '南岭镇', kind: 'town', aliases: ['南岭'] },
  { code: 'beihu', name: '北湖乡', kind: 'township', aliases: ['北湖'] },
  { code: 'xiangyang', name: '向阳社区', kind: 'community', parent: 'chengguan', aliases: ['向阳小区'] },
  { code: 'xingfu', name: '幸福社区', kind: 'community', parent: 'xinhua', aliases: ['幸福里'] },
  { code: 'hongqi', name: '红旗村', kind: 'village', parent: 'dongfeng', aliases: ['红旗大队'] },
  { code: 'qianjin', name: '前进村', kind: 'village', parent: 'xihe', aliases: [] },
  { code: 'wulan', name: '乌兰嘎查', kind: 'gacha', parent: 'baiyin', aliases: ['乌兰'] },
  { code: 'hada', name: '哈达嘎查', kind: 'gacha', parent: 'bayan', aliases: ['哈达'] },
  { code: 'shimen', name: '石门村', kind: 'village', parent: 'nanling', aliases: ['石门'] },
]

export const DEMO_BODY_CODES = {
  chengguanTiaojie: 'cityguan-tiaojie',
  xinhuaTiaojie: 'xinhua-tiaojie',
  dongfengTiaojie: 'dongfeng-tiaojie',
  xiheTiaojie: 'xihe-tiaojie',
  baiyinTiaojie: 'baiyin-tiaojie',
  bayanTiaojie: 'bayan-tiaojie',
  nanlingTiaojie: 'nanling-tiaojie',
  beihuTiaojie: 'beihu-tiaojie',
  wuye: 'wuye-tiaojie',
  jiaotong: 'jiaotong-tiaojie',
  yiliao: 'yiliao-tiaojie',
  laodong: 'laodong-zhongcai',
  xiaoxie: 'xiaoxie',
  teyao: 'teyao-tiaojie',
  lianTing: 'lian-ting',
  sucai: 'sucai',
  zhixing: 'zhixing-ju',
  xinfang: 'xinfang',
  shenguan: 'shenguan-ban',
  susong: 'susong-fuwu',
  falvYuanzhu: 'falv-yuanzhu',
  zhengwu: 'zhengwu-12345',
  gongan: 'gongan-110',
  fuyi: 'sifa-fuyi',
} as const
export type DemoBodyCode = (typeof DEMO_BODY_CODES)[keyof typeof DEMO_BODY_CODES]

export interface DemoBody {
  code: DemoBodyCode
  name: string
  kind: BodyKind
  domains: Domain[]
  intents: Intent[]
  /** region codes served (empty: the whole county) */
  regions: string[]
  contact: string
  address: string
  acceptHours: number
  resolveDays: number
  isCatchAll?: boolean
  isDutyUnit?: boolean
  description: string
}

const OFFICE_HOURS = { periods: [['08:30', '12:00'], ['14:30', '18:00']] as [string, string][] }
const ESCALATION: EscalationStep[] = [
  { level: 2, role: 'unit_leader' },
  { level: 3, role: 'duty_leader' },
]
/** what a 人民调解委员会 takes: everyday civil disputes */
const CIVIL: Domain[] = ['neighbor', 'marriage_family', 'inheritance', 'lending', 'land', 'personal_injury', 'housing']

const committee = (code: DemoBodyCode, town: string, region: string, phone: string): DemoBody => ({
  code,
  name: `${town}人民调解委员会`,
  kind: 'mediation',
  domains: CIVIL,
  intents: ['dispute'],
  regions: [region],
  contact: `0477-${phone}`,
  address: `${town}司法所（${town}政府院内）`,
  acceptHours: 8,
  resolveDays: 20,
  description: `调解${town}辖区内的邻里、婚姻家庭、继承、借贷、土地等纠纷，免费。`,
})

export const DEMO_BODIES: readonly DemoBody[] = [
  committee('cityguan-tiaojie', '城关镇', 'chengguan', '8123401'),
  committee('xinhua-tiaojie', '新华街道', 'xinhua', '8123402'),
  committee('dongfeng-tiaojie', '东风镇', 'dongfeng', '8123403'),
  committee('xihe-tiaojie', '西河乡', 'xihe', '8123404'),
  committee('baiyin-tiaojie', '白音苏木', 'baiyin', '8123405'),
  committee('bayan-tiaojie', '巴彦苏木', 'bayan', '8123406'),
  committee('nanling-tiaojie', '南岭镇', 'nanling', '8123407'),
  committee('beihu-tiaojie', '北湖乡', 'beihu', '8123408'),
  { code: 'wuye-tiaojie', name: '县住建局物业纠纷联合调解室', kind: 'mediation', domains: ['property_mgmt'], intents: ['dispute'], regions: [], contact: '0477-8123410', address: '县住房和城乡建设局一楼', acceptHours: 8, resolveDays: 15, description: '住建局、物业协会、街道社区和法院联合调解物业服务纠纷。' },
  { code: 'jiaotong-tiaojie', name: '县交警大队交通事故调解室', kind: 'mediation', domains: ['traffic'], intents: ['dispute'], regions: [], contact: '0477-8123411', address: '县公安局交通警察大队事故处理中队', acceptHours: 8, resolveDays: 15, description: '交通事故损害赔偿的调解，调解成功可申请司法确认。' },
  { code: 'yiliao-tiaojie', name: '县医疗纠纷人民调解委员会', kind: 'mediation', domains: ['medical'], intents: ['dispute'], regions: [], contact: '0477-8123412', address: '县卫生健康委员会二楼', acceptHours: 8, resolveDays: 20, description: '医患纠纷的第三方调解，可请医学专家参与。' },
  { code: 'laodong-zhongcai', name: '县劳动人事争议仲裁委员会', kind: 'mediation', domains: ['labor', 'wage_arrears'], intents: ['dispute', 'consult', 'filing'], regions: [], contact: '0477-8123413', address: '县人力资源和社会保障局三楼', acceptHours: 16, resolveDays: 30, description: '劳动争议先调解、再仲裁；对仲裁裁决不服的，才可以向法院起诉（仲裁前置）。' },
  { code: 'xiaoxie', name: '县消费者协会', kind: 'mediation', domains: ['consumer'], intents: ['dispute'], regions: [], contact: '0477-8123414（或拨打12315）', address: '县市场监督管理局一楼', acceptHours: 8, resolveDays: 10, description: '消费维权投诉与调解。' },
  { code: 'teyao-tiaojie', name: '法院特邀调解员工作室', kind: 'mediation', domains: ['contract', 'company', 'lending', 'housing'], intents: ['dispute'], regions: [], contact: '0477-8123415', address: '示例县人民法院诉讼服务中心二楼', acceptHours: 8, resolveDays: 20, description: '诉前委派调解：合同、公司、借贷、房屋买卖租赁等纠纷。' },
  { code: 'lian-ting', name: '立案庭', kind: 'court_queue', domains: [], intents: ['filing', 'judicial_aid'], regions: [], contact: '0477-8123420', address: '示例县人民法院诉讼服务中心一楼立案窗口', acceptHours: 8, resolveDays: 7, description: '立案登记、司法确认、司法救助和诉讼费缓减免。' },
  { code: 'sucai', name: '速裁团队', kind: 'court_queue', domains: ['lending', 'contract', 'consumer'], intents: ['filing'], regions: [], contact: '0477-8123421', address: '示例县人民法院三楼速裁团队', acceptHours: 8, resolveDays: 10, description: '事实清楚、争议不大的简单民事案件快立快审。' },
  { code: 'zhixing-ju', name: '执行局', kind: 'court_queue', domains: [], intents: ['enforcement'], regions: [], contact: '0477-8123422', address: '示例县人民法院执行局一楼接待室', acceptHours: 8, resolveDays: 10, description: '申请执行、执行进度、执行款和失信名单的问题。' },
  { code: 'xinfang', name: '信访接待室', kind: 'court_queue', domains: [], intents: ['petition', 'appointment'], regions: [], contact: '0477-8123423', address: '示例县人民法院一楼信访接待室', acceptHours: 8, resolveDays: 15, description: '申诉信访、院长接待日预约（每周三，预约制）。' },
  { code: 'shenguan-ban', name: '审判管理办公室（监察室）', kind: 'court_queue', domains: [], intents: ['complaint'], regions: [], contact: '0477-8123424', address: '示例县人民法院四楼', acceptHours: 8, resolveDays: 10, description: '对法院工作人员、收费和服务的投诉建议。' },
  { code: 'susong-fuwu', name: '诉讼服务中心', kind: 'court_queue', domains: [], intents: [], regions: [], contact: '0477-8123400（12368诉讼服务热线）', address: '示例县人民法院诉讼服务中心大厅', acceptHours: 4, resolveDays: 5, isCatchAll: true, isDutyUnit: true, description: '一站式诉讼服务：案件查询、分流和值班。' },
  { code: 'falv-yuanzhu', name: '县法律援助中心', kind: 'referral', domains: [], intents: ['judicial_aid'], regions: [], contact: '0477-8123430（或拨打12348法律服务热线）', address: '县司法局一楼', acceptHours: 8, resolveDays: 15, description: '经济困难群众申请免费律师（法律援助）。' },
  { code: 'zhengwu-12345', name: '12345政务服务便民热线', kind: 'referral', domains: [], intents: ['out_of_scope'], regions: [], contact: '12345', address: '', acceptHours: 8, resolveDays: 15, description: '政府部门职责内的事项。' },
  { code: 'gongan-110', name: '公安机关（110）', kind: 'referral', domains: ['criminal'], intents: [], regions: [], contact: '紧急情况请拨打110，也可以到就近派出所报案', address: '', acceptHours: 8, resolveDays: 15, description: '报警、刑事报案。' },
  { code: 'sifa-fuyi', name: '县司法局（行政复议机构）', kind: 'referral', domains: ['administrative'], intents: [], regions: [], contact: '0477-8123431', address: '县司法局二楼行政复议室', acceptHours: 8, resolveDays: 15, description: '对行政机关的决定不服，申请行政复议。' },
]

export interface DemoRule {
  priority: number
  name: string
  match: RuleMatch
  action: RuleAction
  reason: string
  enabled?: boolean
}

const MONEY: Domain[] = ['lending', 'contract', 'consumer']

export const DEMO_RULES: readonly DemoRule[] = [
  { priority: 1000, name: '风险预警：值班优先', match: { risk: true }, action: { type: 'duty' }, reason: '可能有人身安全或矛盾激化的风险，由值班同志优先处理' },
  { priority: 950, name: '行政复议：复议机关', match: { domains: ['administrative'], textAny: ['复议'] }, action: { type: 'body', body: 'sifa-fuyi' }, reason: '申请行政复议由复议机关受理，不经过法院' },
  { priority: 940, name: '刑事报案：公安机关', match: { domains: ['criminal'], intents: ['dispute', 'out_of_scope', 'human'] }, action: { type: 'body', body: 'gongan-110' }, reason: '刑事案件先由公安机关立案侦查，紧急情况请直接拨打110' },
  { priority: 930, name: '政务事项：12345', match: { intents: ['out_of_scope'] }, action: { type: 'body', body: 'zhengwu-12345' }, reason: '这是政府部门职责内的事项，由12345热线转交主管部门办理' },
  { priority: 900, name: '劳动争议：仲裁前置', match: { domains: ['labor', 'wage_arrears'], intents: ['dispute', 'consult', 'filing'] }, action: { type: 'body', body: 'laodong-zhongcai' }, reason: '劳动争议依法先申请劳动仲裁，对仲裁裁决不服的再向法院起诉' },
  { priority: 800, name: '执行事项', match: { intents: ['enforcement'] }, action: { type: 'body', body: 'zhixing-ju' }, reason: '判决生效后的执行问题由执行局办理' },
  { priority: 800, name: '申诉信访', match: { intents: ['petition'] }, action: { type: 'body', body: 'xinfang' }, reason: '申诉、信访由信访接待室登记办理，件件有回音' },
  { priority: 800, name: '预约接待', match: { intents: ['appointment'] }, action: { type: 'body', body: 'xinfang' }, reason: '院长接待日实行预约制，由信访接待室安排' },
  { priority: 800, name: '投诉建议', match: { intents: ['complaint'] }, action: { type: 'body', body: 'shenguan-ban' }, reason: '对法院工作的投诉建议由审判管理办公室（监察室）核查答复' },
  { priority: 800, name: '案件查询', match: { intents: ['case_query'] }, action: { type: 'body', body: 'susong-fuwu' }, reason: '案件进度查询由诉讼服务中心核实身份后答复' },
  { priority: 790, name: '法律援助：司法局', match: { intents: ['judicial_aid'], textAny: ['法律援助', '免费律师', '请不起律师', '援助律师'] }, action: { type: 'body', body: 'falv-yuanzhu' }, reason: '法律援助（免费律师）由司法局法律援助中心审批' },
  { priority: 780, name: '司法救助与诉讼费缓减免', match: { intents: ['judicial_aid'] }, action: { type: 'body', body: 'lian-ting' }, reason: '司法救助和诉讼费缓交、减免由立案庭审查' },
  { priority: 700, name: '简案快审：速裁', match: { intents: ['filing'], domains: MONEY, risk: false, amountMax: 50_000 }, action: { type: 'body', body: 'sucai' }, reason: '事实清楚、标的额不大的简单案件，由速裁团队快立快审' },
  { priority: 690, name: '行政诉讼：立案', match: { domains: ['administrative'], intents: ['dispute', 'filing'] }, action: { type: 'body', body: 'lian-ting' }, reason: '对行政行为不服可以依法提起行政诉讼，由立案庭审查' },
  { priority: 680, name: '立案咨询', match: { intents: ['filing'] }, action: { type: 'body', body: 'lian-ting' }, reason: '起诉材料、费用和管辖由立案庭指导' },
  { priority: 600, name: '物业纠纷：联合调解', match: { intents: ['dispute'], domains: ['property_mgmt'] }, action: { type: 'select', kind: 'mediation', scope: 'prefer' }, reason: '本辖区物业纠纷先行调解' },
  { priority: 600, name: '交通事故：先行调解', match: { intents: ['dispute'], domains: ['traffic'] }, action: { type: 'select', kind: 'mediation', scope: 'prefer' }, reason: '交通事故赔偿先由交警大队调解室调解，成功后可申请司法确认' },
  { priority: 600, name: '医疗纠纷：第三方调解', match: { intents: ['dispute'], domains: ['medical'] }, action: { type: 'select', kind: 'mediation', scope: 'prefer' }, reason: '医患纠纷由医调委第三方调解，可请专家评估' },
  { priority: 600, name: '消费纠纷：消协调解', match: { intents: ['dispute'], domains: ['consumer'] }, action: { type: 'select', kind: 'mediation', scope: 'prefer' }, reason: '消费纠纷先由消费者协会调解' },
  { priority: 500, name: '诉前调解：属地优先', match: { intents: ['dispute'] }, action: { type: 'select', kind: 'mediation', scope: 'prefer' }, reason: '诉前调解，由纠纷发生地的调解组织就近先行调解，调解不成及时转立案' },
  { priority: 100, name: '繁简分流：速裁提示', match: { intents: ['dispute', 'filing'], domains: MONEY, risk: false, amountMax: 50_000 }, action: { type: 'flag', fastTrack: true }, reason: '标的额不大、法律关系明确，可走速裁' },
  { priority: 10, name: '兜底：诉讼服务中心分流', match: {}, action: { type: 'catch_all' }, reason: '由诉讼服务中心先分流，再转交主管部门' },
]

/** DEMO public holidays and 调休 working days, 2026–2027. Replace with the State Council's notice each year. */
export const DEMO_CALENDAR: readonly { date: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...span('2026-01-01', 3, '元旦'), { date: '2026-01-04', kind: 'workday', name: '元旦调休' },
  ...span('2026-02-15', 9, '春节'), { date: '2026-02-14', kind: 'workday', name: '春节调休' }, { date: '2026-02-28', kind: 'workday', name: '春节调休' },
  ...span('2026-04-04', 3, '清明节'),
  ...span('2026-05-01', 5, '劳动节'), { date: '2026-05-09', kind: 'workday', name: '劳动节调休' },
  ...span('2026-06-19', 3, '端午节'),
  ...span('2026-09-25', 3, '中秋节'),
  ...span('2026-10-01', 7, '国庆节'), { date: '2026-09-20', kind: 'workday', name: '国庆节调休' }, { date: '2026-10-10', kind: 'workday', name: '国庆节调休' },
  ...span('2027-01-01', 3, '元旦'),
  ...span('2027-02-05', 8, '春节'), { date: '2027-01-31', kind: 'workday', name: '春节调休' }, { date: '2027-02-20', kind: 'workday', name: '春节调休' },
  ...span('2027-04-03', 3, '清明节'),
  ...span('2027-05-01', 5, '劳动节'), { date: '2027-04-25', kind: 'workday', name: '劳动节调休' }, { date: '2027-05-08', kind: 'workday', name: '劳动节调休' },
  ...span('2027-06-09', 3, '端午节'), { date: '2027-06-12', kind: 'workday', name: '端午节调休' },
  ...span('2027-09-15', 3, '中秋节'),
  ...span('2027-10-01', 7, '国庆节'), { date: '2027-09-26', kind: 'workday', name: '国庆节调休' }, { date: '2027-10-09', kind: 'workday', name: '国庆节调休' },
]

function span(first: string, n: number, name: string): { date: string; kind: 'holiday'; name: string }[] {
  const start = Date.parse(`${first}T00:00:00Z`)
  return Array.from({ length: n }, (_, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), kind: 'holiday' as const, name }))
}

/** Inserts the demo directory for `courtId`; running it again inserts nothing and changes nothing. */
export async function seedDirectory(db: Db, courtId: number): Promise<void> {
  // no transaction: every step is idempotent, so a start that stopped half-way is completed by the next one
  const tx = db
  {
    const regionId = new Map<string, number>()
    const loadRegionIds = async (): Promise<void> => {
      for (const r of await tx.select({ id: regions.id, code: regions.code }).from(regions).where(eq(regions.courtId, courtId))) {
        regionId.set(r.code, r.id)
      }
    }
    // parents first, so children can point at them
    for (const pass of [false, true]) {
      await loadRegionIds()
      const rows = DEMO_REGIONS.filter((r) => (r.parent !== undefined) === pass).map((r) => ({
        courtId,
        code: r.code,
        name: r.name,
        kind: r.kind,
        parentId: r.parent === undefined ? null : (regionId.get(r.parent) ?? null),
        aliases: r.aliases,
      }))
      if (rows.length) await tx.insert(regions).values(rows).onConflictDoNothing()
    }
    await loadRegionIds()

    const bodyRows = DEMO_BODIES.map((b) => ({
      courtId,
      code: b.code,
      name: b.name,
      kind: b.kind,
      domains: b.domains,
      intents: b.intents,
      regionIds: b.regions.map((code) => {
        const id = regionId.get(code)
        if (id === undefined) throw new Error(`demo seed: unknown region ${code}`)
        return id
      }),
      contact: b.contact,
      address: b.address,
      workingHours: OFFICE_HOURS,
      acceptHours: b.acceptHours,
      resolveDays: b.resolveDays,
      escalation: b.kind === 'referral' ? [] : ESCALATION,
      isCatchAll: b.isCatchAll ?? false,
      isDutyUnit: b.isDutyUnit ?? false,
      description: b.description,
    }))
    await tx.insert(bodies).values(bodyRows).onConflictDoNothing()

    // routing_rules has no natural key: a rule is "the same" when its name is
    const existing = new Set(
      (await tx.select({ name: routingRules.name }).from(routingRules).where(eq(routingRules.courtId, courtId))).map((r) => r.name),
    )
    const ruleRows = DEMO_RULES.filter((r) => !existing.has(r.name)).map((r) => ({
      courtId,
      priority: r.priority,
      name: r.name,
      match: { ...r.match } as Record<string, unknown>,
      action: { ...r.action } as Record<string, unknown>,
      reason: r.reason,
      enabled: r.enabled ?? true,
    }))
    if (ruleRows.length) await tx.insert(routingRules).values(ruleRows)

    await tx
      .insert(calendarDays)
      .values(DEMO_CALENDAR.map((d) => ({ courtId, ...d })))
      .onConflictDoNothing()
  }
}

/** The id of a demo body by code (for tests and the demo seed of users). */
export async function demoBodyId(db: Db, courtId: number, code: DemoBodyCode): Promise<number> {
  const [row] = await db.select({ id: bodies.id }).from(bodies).where(and(eq(bodies.courtId, courtId), eq(bodies.code, code)))
  if (!row) throw new Error(`demo body ${code} is not seeded`)
  return row.id
}
