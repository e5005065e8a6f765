// Risk detection, by kind, recall first: self-harm (also despair without the word 死), violence against others,
// domestic violence, a vulnerable person in distress, group action, going over levels (越级/进京).
// Three independent signals; any one of them is enough, because a missed risk costs far more than a handler
// reading a false alarm:
//   (a) a lexicon of words and patterns over normalised text with common hyperbole removed (this file);
//   (b) the trained risk model (nlp/corpus/train/risk), passed in as a ranking;
//   (c) risk entities: group size, destinations (北京/省里/政府门口/高速), weapons, tickets, combined by rules.
//
// Policy: flag real intentions, threats and ongoing harm, and domestic violence the writer is living through
// even when asked as a legal question. Do not flag hyperbole (气死了, 累死了, 笑死, 要了我的命), legal questions
// about these topics in general (家暴怎么认定, 打人判几年, 上访的程序), or lawful steps (去市中院上诉, 去省高院申诉).
import { RISK_KINDS, type Ranked, type RiskKind } from '../core/labels.js'

export type { RiskKind } from '../core/labels.js'
export { RISK_KINDS } from '../core/labels.js'

export interface RiskResult {
  risk: boolean
  /** most severe first (RISK_KINDS order) */
  kinds: RiskKind[]
}

/** Figures of speech that contain 死/命/疯 but mean nothing dangerous. Removed before matching. */
const HYPERBOLE =
  /(气|笑|累|烦|急|吓|愁|饿|热|冷|困|忙|疼|痛|穷|拖|坑|美|乐|馋|闷|丑|吵|挤|晒|撑|渴|臭|难受|憋屈|憋|羡慕|恨|尴尬|丢人|麻烦)(得)?(要)?死(了|我了|人了|我|人|个人)?|(得|个)(要死|半死|要命)|想死(你|您)们?了?|要了我的(老)?命|要命了|拼了命|拼命(干|工作|挣|赚|攒|上班|打工)|(跑|拖)(断了腿|死)|死者|死亡|病死|淹死的|去世|过世|死了以后|杀人偿命|死心|死活(不|要|都)|死缠|死板|死机|死角|死胡同|死刑|死缓|刀削面|刀鱼|刀具店|水果刀(买|卖)|跳槽|跳舞|跳绳|跳广场舞|跳闸|心跳|吓一跳|弄死机/g

// ---------- shared vocabulary for the patterns ----------
/** someone else: the target of a threat */
const OTHER = '(他|她|他们|她们|那人|那个人|那家人|那家伙|那小子|那帮人|这帮人|对方|老板|包工头|工头|村主任|村干部|法官|开发商|那个老赖|那老赖|他家|她家|他全家)'
const WEAPON = '(菜刀|砍刀|杀猪刀|尖刀|匕首|镰刀|斧头|斧子|铁锹|铁锨|锄头|铁镐|扁担|棍子|木棍|铁棍|钢管|棒子|板砖|砖头|汽油|柴油|硫酸|炸药|雷管|土枪|猎枪|枪|刀子|刀)'
const FAMILY =
  '(老公|丈夫|男人|当家的|孩子他爸|孩子爸|孩子他妈|老婆|媳妇|妻子|前夫|前妻|对象|男朋友|女朋友|男友|女友|未婚夫|婆婆|公公|婆家人?|岳父|岳母|丈母娘|儿子|儿媳妇?|闺女|女儿|女婿|继父|继母|后爸|后妈|后娘|我爸|我妈|我爹|我娘|父亲|母亲|我哥|我弟|我姐|大伯|小叔子|家里人)'
const HURT = '(打|抽|扇|掐|踹|踢|揍|推|撞|砸|拽|勒|烫|划|砍|咬|捆|绑)'
const GROUP_NUM =
  '(几十|几百|上百|上千|一百多|两百多|好几十|好几百|十几|二十几|二十多|三十多|四十多|五十多|六十多|七十多|八十多|几十号|几百号|[0-9]{2,}多?|[一二三四五六七八九]?十多?|[二三四五六七八九两]百多?)'
const GROUP =
  `${GROUP_NUM}((个|号|名|位)?(人|工友|工人|兄弟|弟兄|村民|业主|老乡|农民工|师傅|学员|家长|投资人|债权人|受害人)|户|家(?!里|人)|(个|号)(?![0-9一二三四五六七八九十]|月|小时|工作日|钟|点|平|多月))|全村|全组|全屯|全寨|整个村|全体|所有人|乡亲们|老乡们|村民们|工友们|兄弟们|弟兄们|工人们|农民工们|业主们|拆迁户们?|投资人们?|家长们|学员们|大伙儿?|大家伙|大家|我们这些人`
const TOGETHER = '(一起|一块儿?|一道|集体|统一|约好|约了|约定|商量好|说好|合计|组织|报名|联系好|串联|召集|都准备好)'
const LOCAL_DEST =
  '(县|市|区|乡|镇|州|旗)?(政府|委|人大|信访局|信访办)(门口|大门|大院)?|政府门口|市里|县里|城里|高速|国道|公路|路口|大桥|火车站|高铁站|售楼部|售楼处|开发商|厂门|公司门口|工地门口|法院|村委会?|广场|机关|[\\u4e00-\\u9fa5]{1,6}门口'
const HIGH_DEST = '(北京|首都|帝都|京城|中央|国务院|最高法院?|最高人民法院|最高院|最高检|国家信访局|天安门|中南海|省里|省城|省会|省政府|省委|省高院|省信访局|自治区|首府)'

const LEXICON: Record<RiskKind, RegExp[]> = {
  self_harm: [
    /不想活|活不下去|活不成了|活不了了|没法活了?|不活了|活够了|活着(没|有什么|还有什么|没有|没什么)(意思|意义|盼头|用)|没有活路|没活路|一了百了|一死了之|寻死|轻生|自杀|自尽|了结(自己|生命)|结束(自己的)?生命|想不开|寻短见|短见|生不如死|走投无路|看不到(希望|头|活路)|(人生|日子|活着)(没|没有)(什么)?(意义|意思|盼头|指望)/,
    /(不知道|不晓得|不知)(这)?(日子)?(该)?(怎么|如何|还怎么|还能怎么)(活|过下去|过日子|过了)(?!户)|(我|真的|真|实在|是真|快|要)(的)?(撑|熬|挺|扛|坚持)不(住|下去)了|(不想|不愿)(再)?(熬|撑|扛|挺)(?!夜)|没脸(见|活)|这条命(不要|豁出去|给你们)|命(都)?不要了|不如(走|死)了(干净|算了|好|痛快)|走了(干净|算了|也好|一了百了)|(睡|睡过去)(就)?(别|不)(再)?醒|永远(睡|醒不过来)|解脱(了)?算了|(活|呆)在这(个)?世上/,
    /跳楼|跳河|跳江|跳海|跳湖|跳井|跳水库|跳崖|跳桥|跳下去|往下(一)?跳|从.{0,8}(跳|跳下)|上吊|吊死|割腕|喝(农)?药|吃药(死|自杀)|安眠药|老鼠药|敌敌畏|百草枯|烧炭|卧轨|撞墙|撞车死|抹脖子/,
    /死(给|在)(你们|他们|法院|政府|门口|他家)|我(就|也|只能)?(去)?死(了算了|掉算了|了拉倒)?$|我(就|也|想|要|只能|不如)(去)?死|(就|只能|不如|只有)去死|想死|(想|要)去死|(准备|备)(好)?(了)?(绳子|农药|药)|买(好了?|了).{0,3}(绳子|农药|敌敌畏|百草枯)|药都(准备|备|攒|买)好|遗书|遗言|后事(都)?(安排|交代|准备)|交代后事|(站在|爬上|坐在|蹲在|跑到|站到|爬到)(了)?.{0,4}(楼顶|天台|楼顶上|桥上|桥边|河边|江边|窗台|铁轨|楼边)(上)?(呢|了)?.{0,12}(下去|跳|不想|说法|再不)|(就|直接|明天|今晚)(去)?(江边|河边|桥上|楼顶|天台|铁轨)(了|吧|算了)?([ ,.!?，。！？]|$)/,
    // taking the children along
    /(带(着|上)?|和|跟|领着)(孩子|娃|儿子|女儿|闺女|两个娃|两个孩子|孩子们|一家人|全家).{0,6}(一起|一块儿?)(走|去死|死|离开这个世界|上路)|(娘儿?俩|娘仨|爷儿?俩|一家人|全家)(一起|一块儿?)(走|死|上路)|(一起|一块儿?)(去死|走了算了|了断)/,
  ],
  violence: [
    /(弄|打|砍|捅|整|干|揍)(死|残|废|瘸|断)(他|她|你|他们|那个|那人|那小子|对方)|杀了(他|她|你)|宰了(他|她|你)|杀人|同归于尽|鱼死网破|拼个你死我活|血债血偿|(拿|用)命(来)?(还|偿)|拼了|灭(他|了他)?(全家|满门)|废了(他|她)|打断(他|她)?(的)?(腿|手)|(把|将)(他|她)(的)?(腿|手|胳膊|牙)(给)?(打断|打折|打残|卸了|剁了)|(让|叫)(他|她|他们)(横着|躺着|见血|偿命|好看|付出代价|吃不了兜着走)|要(他|她)(的)?(命|好看)|见血|见红|放(他|她)?(的)?血|动刀子/,
    new RegExp(
      `(带|拿|揣|扛|提|抄|拎|操|握|举|别|背|磨)(了|着|起|上|好)?(了)?(一|两|几)?(把|根|桶|瓶|壶|个|支|杆)?${WEAPON}(?!削|鱼|具|切|剁(肉|菜|排骨)|口|伤)|(买|备|准备|弄)(了|好)?(了)?.{0,3}(汽油|柴油|硫酸|炸药|雷管|土枪|猎枪)|${WEAPON}(都)?(磨|备|准备|买|带)好`,
    ),
    /一把火|放把火|纵火|放火|(点|烧)(了|掉)?(他|她|他们)(家|的)|把(他|她|他们)(家)?(的)?.{0,6}(点了|烧了|给点了|给烧了|砸了|砸烂|掀了|拆了)|(点|烧)(了)?(他|她)?(家)?(的)?(柴火垛|草垛|麦秸垛|柴垛|麦垛|房子|车|厂子|厂)|(我|要|就|去)(把)?.{0,6}炸了|炸了(他|她)(的|家)?|(我|要|就|去|想|准备)(去)?报复|报复(他|她|他们|那)|找人(收拾|教训|弄|打|砍)|(我|就|去|要)捅了|捅了(他|她|那)|(去|要|就|把)(砍|捅|杀|宰|剁|砸|揍)(了)?(他|她|你|那)|砸(了|烂)?(他|她|他们)(家|的)/,
    /(正在|正)?拿着?(刀|棍子|棒子).*(打|砍|闹)|(要|来)打(我们|我)了/,
    // lying in wait, fighting, "if he dares …"
    new RegExp(
      `(门口|楼下|路上|路口|村口|家门口|公司楼下|厂门口)(蹲|等|堵|守)(着)?(他|她)|(蹲|等|堵|守)(着)?(他|她)(出来|回来|下班|回家)|(他|她)(一|敢)?出来(我)?就|(跟|和|同)${OTHER}(拼(了|命)?|玩命|动手|干仗|打一架|干一架|干(到底|一架|一仗|起来|上了)?(?=[ ,.!?，。！？]|$))|干仗|打一架|干一架|(他|她|谁)(再)?敢.{0,12}(我就|就).{0,6}(干|打|砍|拼|弄|收拾|揍|捅|跟他)|(约|叫)(好)?(了)?.{0,8}(去|来)(打|揍|收拾|砍|教训)(他|她)|(找|去)(他|她|他们)算账`,
    ),
    // danger at the door right now
    /(砸|踹|撞|劈)(我家|我们家)?的?(门|窗户?|玻璃)|闯进(我|我们)?家|(堵|守)在(我|我们)?家门口|追着(我|我们)?打|(扬言|说要|威胁)(要)?(打|弄|砍|杀|捅)(我|我们|死)/,
  ],
  domestic_violence: [
    /(我|他|她|老公|丈夫|男人|男方|女方|老婆|媳妇|妻子|前夫|对象).{0,6}(家暴|家庭暴力)|(家暴|家庭暴力)(我|了我)|被家暴|遭(受)?(到)?家暴/,
    new RegExp(`${FAMILY}[^,.!?;，。！？；]{0,14}${HURT}(了|着)?(我|孩子|娃|我妈|我爸|我们|老人)|${FAMILY}.{0,10}(动手|拳打脚踢|往死里打|打得|家暴|下死手)`),
    new RegExp(`${FAMILY}.{0,24}(把|将)(我|孩子|娃|我妈)(的)?(头|脸|胳膊|脖子|手|腿|身上)?.{0,6}${HURT}|${FAMILY}.{0,16}((把|将)(我|孩子|娃)(锁|关)在|不让(我)?出门|不让(我)?回家|收(走)?了?我的?手机|砸了?我的?手机)`),
    /(他|她)[^,.!?，。！？]{0,8}(打|揍|踢|掐|抽|扇)(着|了)?(我|孩子)|(被|挨).{0,4}打得?(住院|浑身|满身|鼻青脸肿|头破血流|骨折)|不让(我)?出门.*挨打|挨打|身上(都是|全是)(伤|淤青|青紫)|身上没一块好/,
  ],
  vulnerable: [
    // turned out, no shelter
    /无家可归|流落街头|露宿|扫地出门|(没|没有)(地方|地儿|处)(住|去|睡|落脚)|(睡|住|待)在?(大街|街上|马路边|桥洞|桥底下|车站|火车站|汽车站|公园|村头|地下通道|楼道|(小卖部|商店|超市|车站|医院)门口)(?!附近|旁边|对面|边上)|(今晚|晚上|今天晚上)(不知道|没地方)(住|睡|去)(哪|哪里|哪儿)?/,
    /(儿子|儿媳妇?|闺女|女婿|子女|儿女|孩子们|婆家|家里人|继子|大伯|叔叔|哥嫂|嫂子|侄子).{0,14}(赶|撵|轰)(了)?(出来|出去|出门|出家门|走|到街上)|(被|让|叫).{0,6}(赶|撵|轰)出(来|去|家门)|不让(我|老人|她|他)?(进|回)(家|家门)(?!口)/,
    // no food or money now
    /([两三四五几]|好几)天(都)?没(吃|吃饭|吃东西|吃的|饭吃)|没(钱|饭|东西)吃|饭都吃不上|吃不上饭|揭不开锅|饿了([两三四五几]|好几)天|身上.{0,3}(一分钱|分文|一毛钱|钱)(都|也)?没(有)?/,
    // a child or an old person harmed or neglected
    /(孩子|娃|小孩|儿子|女儿|闺女|孙子|孙女|外孙|学生|小朋友)[^,.!?，。！？ ]{0,8}(被|让|叫).{0,10}(打|欺负|霸凌|虐待|性侵|猥亵|打伤|打得|烫|关|锁|饿)|虐待(孩子|儿童|老人|小孩)|(老人|老母亲|老父亲|奶奶|爷爷|姥姥|姥爷|老娘|老爹|我妈|我爸).{0,16}(关在|锁在|不给(饭|吃|药)|没人管|没人照顾|饿着)|(把|将)(她|他|老人)(关|锁)在(柴房|猪圈|牛棚|羊圈|地窖|屋里|小屋)/,
    // disabled, bedridden, demented, lost: nobody caring
    /(残疾|残废|瘫痪|瘫在床|瘫了|痴呆|老年痴呆|失智|精神病|智障|重病|卧床|坐轮椅|轮椅|植物人).{0,20}(没人管|不管|没人照顾|没人照看|无人照顾|没吃的|没饭吃|没钱(吃饭|看病|治)|交不起(房租|医药费)|赶出|走丢|走失|饿)|(没人管|没人照顾|不管我).{0,16}(残疾|瘫痪|痴呆|卧床|轮椅)|(老人|老头|老伴|老太太|奶奶|爷爷|姥姥|姥爷|我爸|我妈|孩子|娃|儿子|女儿|闺女).{0,6}(走丢|走失)(了|[一两三几好]+天|到现在|还没找到)/,
    // minors kept or worked
    /(未成年|童工|我(今年)?(才)?(1[0-7]|十[一二三四五六七]?|[6-9]|[六七八九])岁).{0,20}(不让(我)?走|扣着|关着|关在|锁|打我|不给(饭|工资|钱))/,
  ],
  group_protest: [
    /拉(横幅|条幅)|打(横幅|条幅)|举(牌子|牌|标语)|牌子都做好|堵(路|门|大门|厂门|高速|公路|国道|法院|政府|路口|桥)|(堵|围|封|拦)(住|了)?[\u4e00-\u9fa5]{0,4}(大门|门口|路口|国道|公路|高速|厂门)|(我们|咱们|大家|大伙|村民们|工人们|工友们).{0,10}(把|将)(.{0,4}的)?(路|高速|国道|公路|大门|厂门|村口|路口|桥)(给)?(拦|堵|封|挡)(了|住)|封(了)?(村口的)?路|围(堵|攻|法院|政府)|静坐|(?<!团|旅)游行(?!程)|示威|集体(上访|下跪|去闹|去|讨薪)|聚众(闹|堵|围|上访)|统一穿(白|黑)|穿(孝服|白衣服)/,
    new RegExp(`(${GROUP}).{0,30}${TOGETHER}.{0,20}(去|到|上|进|闹|堵|围|讨|坐|跪)`),
    new RegExp(`${TOGETHER}.{0,6}(去|到|上|跑)(${LOCAL_DEST})(.{0,10})(讨|要|闹|说法|坐|跪|反映|堵|拦|围|不走)`),
    /(你们)?别逼我们|逼急了我们|我们(就|也)?(只能|只好)(去)?(闹|堵|围)/,
  ],
  escalation: [
    /进京|越级|中南海|天安门|国家信访局|京城|帝都|(去|到)过北京.*(还要|再)去/,
    new RegExp(`(去|到|上|跑|进|找)${HIGH_DEST}.{0,10}(上访|告|反映|讨|说法|找|闹|信访|跪|坐|领导|省长|评理|没人管|就不信)`),
    /(告|反映|闹|上访)到(北京|省里|中央|省城|上面|最高)|(去|到|找)上(面|级)(告|反映|上访|讨说法|找领导)/,
    new RegExp(`(不给|不管|不处理|不解决|再推|不给我|没人管|都跑遍了?)[^。!?]{0,14}(去|上|进|到)(北京|省里|省城|省会|京|中央|首都)`),
    // tickets / travel to Beijing or the province
    /(买|订|抢|定)(好)?(了)?.{0,8}(去|到|上|进)?(北京|首都|省城|省会|省里)的?.{0,4}(票|车|高铁|火车|飞机|大巴)|(票|车票|机票)(我)?(都|已经)?(买|订|定)好了?.{0,14}(北京|省城|省会|省里|首都)|(坐|搭)(火车|高铁|动车|飞机|大巴)(去|到|上|进)(北京|省城|省会|首都|省里)/,
    /(你们)?别逼我|逼急了(我)?/,
  ],
}

/**
 * A general question about the topic ("什么是越级上访", "家暴的证据有哪些", "打人判几年") with no one speaking
 * for themselves. Such messages are answered as questions, not treated as risk.
 */
const FIRST_PERSON = /我|咱|自己|他|她|老公|丈夫|男人|男方|女方|老婆|媳妇|妻子|孩子|我们|大家|工友|村民|业主/
const DEFINITIONAL =
  /什么是|是什么意思|的定义|怎么认定|如何认定|有哪些|哪个部门|什么程序|的程序|法律规定|怎么处罚|判几年|判多久|会判|要判|判刑|坐牢吗|负什么责任|犯法吗|违法吗|算不算|构成什么罪|怎么判|一般判|如何量刑|量刑|有责任吗|有没有责任|谁负责|谁来负责|赔不赔|要赔吗|赔多少|怎么赔|会不会违法/
export const isNeutralQuestion = (normalized: string): boolean =>
  DEFINITIONAL.test(normalized) && !FIRST_PERSON.test(normalized.replace(/(我弟|我哥|我朋友|我同事|我家亲戚|我邻居)/g, ''))

/** The text without figures of speech, for the lexicon, the entities and the model. */
export const stripHyperbole = (normalized: string): string => normalized.replace(HYPERBOLE, ' ')

// ---------- (c) risk entities ----------
export interface RiskEntities {
  /** mentions of a group: 几十个人, 全村, 二十多个工友, 业主们 */
  groups: string[]
  /** places a group or a petitioner says they will go: 北京, 省里, 政府门口, 高速 */
  destinations: string[]
  /** the subset of destinations above the local level (北京, 省里, 中央 …) */
  highDestinations: string[]
  /** weapons or means of harm carried or prepared: 刀, 铁锹, 汽油 */
  weapons: string[]
  /** a bought or booked trip (票, 车票, 高铁) */
  travel: boolean
}

const GROUP_RE = new RegExp(GROUP, 'g')
const DEST_RE = new RegExp(`(去|到|上|进|跑|奔|前往)(${HIGH_DEST}|${LOCAL_DEST})`, 'g')
const HIGH_RE = new RegExp(HIGH_DEST)
const WEAPON_RE_1 = new RegExp(`${WEAPON}(?!削|鱼|具|口|伤|疤)`)
const WEAPON_RE = new RegExp(`${WEAPON}(?!削|鱼|具|口|伤|疤)`, 'g')
const TRAVEL_RE = /(票|车票|机票|高铁|火车|动车|飞机|大巴)/
const THREAT_CONTEXT = /(敢|找他|找她|算账|看他|看他们|让他|让她|等着|收拾|教训|去找|门口|楼下|怕不怕|拼|弄他|砍他|捅他|对付)/

/** Group size, destinations, weapons and travel found in normalised text. Pure. */
export function riskEntities(normalized: string): RiskEntities {
  const text = stripHyperbole(normalized)
  const groups = [...text.matchAll(GROUP_RE)].map((m) => m[0]).filter((g) => g !== '大家' || /大家(一起|一块|约|说好|都说|伙)/.test(text))
  const destinations = [...text.matchAll(DEST_RE)].map((m) => m[2] ?? m[0])
  const highDestinations = destinations.filter((d) => HIGH_RE.test(d))
  const weapons = [...text.matchAll(WEAPON_RE)].map((m) => m[0])
  return { groups: [...new Set(groups)], destinations: [...new Set(destinations)], highDestinations: [...new Set(highDestinations)], weapons: [...new Set(weapons)], travel: TRAVEL_RE.test(text) }
}

/** Kinds the entities imply on their own (rules over group, destination, weapon and travel). */
export function riskFromEntities(normalized: string, e: RiskEntities = riskEntities(normalized)): RiskKind[] {
  const text = stripHyperbole(normalized)
  const active = text.replace(PASSIVE_WEAPON, ' ')
  const out: RiskKind[] = []
  const lawfulAppeal = /(上诉|申诉|再审|立案|开庭|出差|打工|上班|看病|上学|旅游|开会|读书|工作)/.test(text)
  if (e.weapons.length > 0 && WEAPON_RE_1.test(active) && THREAT_CONTEXT.test(active)) out.push('violence')
  if (e.groups.length > 0 && e.destinations.some((d) => !/法院$/.test(d)) && !/(起诉|立案|申请调解|开会|学习|旅游|打工)/.test(text)) out.push('group_protest')
  if (e.highDestinations.length > 0 && !lawfulAppeal && (e.travel || /(不管|不给|不解决|没人管|说法|告|反映|找领导|讨)/.test(text))) out.push('escalation')
  return out
}

const PASSIVE_WEAPON = /(被|让|叫|遭)[^,.!?;，。！？；]{0,10}(拿|用|持)[^,.!?;，。！？；]{0,10}/g
const LAWFUL_GROUP = /(起诉|仲裁|立案|调解|诉讼|打官司|律师|集体诉讼)/
const PROTEST_ACT = /(堵|拦|围|闹|横幅|条幅|静坐|门口|政府|高速|市里|县里|省里|北京|跪|游行|不走|逼)/
const MEDIA = /(电视剧|电影|新闻|小说|剧里|视频里|短视频|听说有人)/
const LEISURE = /(出差|旅游|打工|上班|上学|读书|看病|开会|探亲|玩|培训|开庭|上诉|申诉)/
const GRIEVANCE = /(告|上访|信访|说法|反映|讨|闹|不管|不给|没人管|领导|逼|跪|评理)/

/** Lexicon and entity kinds; pure. */
export function riskLexicon(normalized: string): RiskKind[] {
  if (isNeutralQuestion(normalized)) return []
  const text = stripHyperbole(normalized)
  // a scene from a film or the news, retold
  if (MEDIA.test(text) && !/我(要|想|就|也|准备|打算)/.test(text)) return []
  const kinds = new Set<RiskKind>()
  // "让邻村的人拿锄头打破了头": the writer is the victim there, not the one holding the weapon.
  const active = text.replace(PASSIVE_WEAPON, ' ')
  for (const [kind, patterns] of Object.entries(LEXICON) as [RiskKind, RegExp[]][]) {
    if (patterns.some((p) => p.test(kind === 'violence' ? active : text))) kinds.add(kind)
  }
  // A group asking how to sue or go to arbitration together is using the lawful channel.
  if (kinds.has('group_protest') && LAWFUL_GROUP.test(text) && !PROTEST_ACT.test(text)) kinds.delete('group_protest')
  for (const k of riskFromEntities(normalized)) kinds.add(k)
  // A trip for work, study or a hearing is not 越级, unless the message also carries a grievance.
  if (kinds.has('escalation') && LEISURE.test(text) && !GRIEVANCE.test(text)) kinds.delete('escalation')
  // "你们别逼我" from a group is a group threat, not one person's.
  if (kinds.has('group_protest') && kinds.has('escalation') && !HIGH_RE.test(text)) kinds.delete('escalation')
  return RISK_KINDS.filter((k) => kinds.has(k))
}

const LIABILITY_QUESTION = /(有责任吗|有没有责任|负什么责任|谁负责|谁来负责|要不要赔|赔多少|怎么赔|能赔多少|能不能赔|赔不赔|能要多少|赔偿标准)/

/** The model adds a kind when it is this sure of it; lexicon and entity hits need no model agreement. */
export const RISK_MODEL_THRESHOLD = 0.5
/** …and, recall first, its best kind whenever it thinks "no risk" is less likely than this. */
export const RISK_MODEL_NONE_CEILING = 0.35

/** Lexicon ∪ entities ∪ model. `model` is the risk model's ranking of stripHyperbole(text) (may be empty). */
export function assessRisk(normalized: string, model: Ranked<RiskKind | 'none'>[] = []): RiskResult {
  const kinds = new Set<RiskKind>(riskLexicon(normalized))
  // A liability or compensation question about something that already happened ("孩子在学校被推倒了 学校有责任吗")
  // is answered as a question unless the lexicon or the entities found a risk in it.
  const pastLiability = kinds.size === 0 && LIABILITY_QUESTION.test(normalized)
  if (!isNeutralQuestion(normalized) && !pastLiability) {
    for (const r of model) if (r.label !== 'none' && r.score >= RISK_MODEL_THRESHOLD) kinds.add(r.label)
    const none = model.find((r) => r.label === 'none')
    const best = model.filter((r) => r.label !== 'none').sort((a, b) => b.score - a.score)[0]
    if (none && best && none.score < RISK_MODEL_NONE_CEILING && best.label !== 'none') kinds.add(best.label as RiskKind)
  }
  const ordered = RISK_KINDS.filter((k) => kinds.has(k))
  return { risk: ordered.length > 0, kinds: ordered }
}
