// The keyword baseline for npm run eval: a short list of telltale words per label; most hits wins,
// no hit → the fallback label. Deliberately simple: it is the bar the models must clear.
import type { Domain, Intent } from '../../core/labels.js'

export const INTENT_KEYWORDS: Record<Intent, string[]> = {
  consult: ['吗', '能不能', '是否', '合法', '怎么算', '有没有', '请问'],
  dispute: ['调解', '帮我处理', '解决', '纠纷', '不给', '不还'],
  filing: ['起诉', '立案', '起诉状', '诉讼费', '材料', '管辖'],
  case_query: ['案子', '案件', '开庭', '进度', '判决书', '案号'],
  enforcement: ['执行', '老赖', '失信', '执行款', '限高', '冻结'],
  petition: ['申诉', '再审', '上访', '信访', '不公', '不服'],
  complaint: ['投诉', '态度', '建议', '举报', '服务'],
  judicial_aid: ['法律援助', '司法救助', '减免', '缓交', '困难', '免费律师'],
  appointment: ['预约', '接待日', '视频', '约', '见面'],
  ticket_status: ['工单', '提交', '登记', '反映的', '申请进度'],
  human: ['人工', '真人', '工作人员', '机器人', '客服'],
  greeting: ['你好', '谢谢', '再见', '您好', '在吗', '好的'],
  out_of_scope: ['天气', '身份证', '社保', '违章', '落户', '公积金', '医保'],
}

export const DOMAIN_KEYWORDS: Record<Domain, string[]> = {
  marriage_family: ['离婚', '结婚', '抚养', '彩礼', '夫妻', '老公', '老婆', '孩子'],
  inheritance: ['遗产', '继承', '遗嘱'],
  labor: ['劳动', '公司', '辞退', '社保', '工伤', '合同工', '加班'],
  wage_arrears: ['工资', '欠薪', '工钱', '讨薪'],
  traffic: ['车祸', '交通事故', '撞', '交警', '保险公司', '驾驶'],
  lending: ['借钱', '借款', '借条', '欠条', '利息', '还钱', '欠款'],
  property_mgmt: ['物业', '物业费', '小区'],
  housing: ['房子', '房东', '租房', '买房', '房产证', '开发商'],
  contract: ['合同', '违约', '定金', '货款'],
  consumer: ['买到', '退货', '商家', '假货', '消费'],
  medical: ['医院', '医生', '手术', '医疗'],
  personal_injury: ['受伤', '打伤', '咬', '摔伤', '伤害'],
  neighbor: ['邻居', '采光', '漏水', '排水'],
  land: ['土地', '承包', '宅基地', '征地', '拆迁'],
  company: ['股东', '股权', '公司法', '法人'],
  ip: ['专利', '商标', '著作权', '版权'],
  criminal: ['犯罪', '判刑', '坐牢', '诈骗', '盗窃', '罪'],
  administrative: ['政府', '行政', '处罚', '复议'],
  other: [],
}

export function keywordRank<L extends string>(text: string, table: Record<L, string[]>, fallback: L): L {
  let best: L = fallback
  let bestHits = 0
  for (const label of Object.keys(table) as L[]) {
    let hits = 0
    for (const k of table[label]) if (text.includes(k)) hits++
    if (hits > bestHits) {
      best = label
      bestHits = hits
    }
  }
  return best
}
