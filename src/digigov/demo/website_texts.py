"""Simplified-Chinese texts for the demo government websites: news, notices, policies and citizen messages.

Pure standard library and pure functions of the `random.Random` passed in: the same seed gives the same texts on
every install. Texts are built from templates and word banks (the data below, the only Chinese in this module), so
they read like a provincial portal's and rarely repeat. The organisations are the demo's; every event, figure, case
and message is fictitious, and no person is named: people appear only by their role. Plain text only: no markup.

Public: `articles`, `policies`, `message_texts`, the dataclasses `ArticleText` and `PolicyText`, and `TOPICS`.
"""

import dataclasses
import datetime as dt
import random
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

DEMO_YEAR = 2026

# Topic categories of the government information disclosure catalogue, as Chinese government sites list them.
TOPICS: tuple[str, ...] = (
    "综合政务",
    "国民经济管理",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "其他",
)

ARTICLE_KINDS = ("news", "notice")
MESSAGE_KINDS = ("consultation", "complaint", "suggestion")

# Length bounds, in characters, that every generated text keeps.
TITLE_LENGTH = (12, 40)
SUMMARY_LENGTH = (40, 90)
PARAGRAPH_LENGTH = (80, 260)
BODY_LENGTH = (40, 200)
REPLY_LENGTH = (60, 300)


@dataclasses.dataclass(frozen=True)
class ArticleText:
    title: str
    summary: str
    paragraphs: list[str]
    source: str
    kind: str  # "news" (headlines and updates) or "notice" (notices and announcements)


@dataclasses.dataclass(frozen=True)
class PolicyText:
    title: str
    document_number: str  # the issuing prefix, the year in full-width brackets and a number
    issuer: str
    topic: str  # one of TOPICS
    paragraphs: list[str]
    interpretation_title: str
    interpretation_paragraphs: list[str]


# ---------------------------------------------------------------------------------------------------------------------
# Word banks per line of work. An organisation's name picks its domain (see _DOMAIN_KEYWORDS).


@dataclasses.dataclass(frozen=True)
class _Domain:
    counterpart: str  # the matching body of a prefecture-level city, without the city
    counterpart_city: str  # the matching body of a city district
    topic: str  # the usual topic category
    areas: tuple[str, ...]  # lines of work, as nouns
    services: tuple[str, ...]  # public services people apply for
    campaigns: tuple[str, ...]  # named campaigns and activities
    metrics: tuple[str, ...]  # statistics, formatted with the number slots
    offices: tuple[str, ...]  # internal divisions, for "please contact"
    targets: str  # who a policy applies to, within the division
    policy_actions: tuple[tuple[str, str, str], ...]  # (verb phrase, its line of work as a noun, topic)
    policy_objects: tuple[tuple[str, str], ...]  # (what is managed, as a noun phrase, topic)


_POLICE = _Domain(
    counterpart="公安局",
    counterpart_city="公安分局",
    topic="公安、安全、司法",
    areas=(
        "夏季治安打击整治",
        "电信网络诈骗防范",
        "道路交通安全管理",
        "户籍管理服务",
        "出入境管理服务",
        "校园及周边安全防范",
        "食品药品环境犯罪打击",
        "社会治安防控体系建设",
        "公安政务服务",
        "网络安全保护",
        "执法规范化建设",
        "社区警务",
        "平安建设",
        "禁毒宣传教育",
        "重点场所安全检查",
    ),
    services=(
        "身份证办理",
        "户口迁移",
        "居住证申领",
        "出入境证件办理",
        "机动车登记",
        "驾驶证换领",
        "无犯罪记录证明开具",
        "交通违法处理",
    ),
    campaigns=(
        "夏季治安打击整治行动",
        "“平安护航”专项行动",
        "打击整治养老诈骗专项行动",
        "道路交通安全集中整治",
        "全民反诈宣传月活动",
    ),
    metrics=(
        "电信网络诈骗发案数同比下降{pct}%",
        "刑事警情同比下降{pct}%",
        "道路交通事故起数同比下降{pct}%",
        "办理各类证件{big}余件",
        "破获各类刑事案件{mid}起",
        "为群众挽回经济损失{big}万元",
    ),
    offices=("治安管理部门", "户政管理部门", "出入境管理部门", "法制部门", "政务服务办公室"),
    targets="公民、法人和其他组织",
    policy_actions=(
        ("加强道路交通安全管理", "道路交通安全", "公安、安全、司法"),
        ("深化公安政务服务改革", "公安政务服务", "公安、安全、司法"),
        ("加强电信网络诈骗综合治理", "反电信网络诈骗", "公安、安全、司法"),
        ("推进社会治安防控体系建设", "社会治安防控", "公安、安全、司法"),
        ("优化户籍管理便民服务", "户籍管理", "公安、安全、司法"),
        ("加强校园及周边安全管理", "校园安全", "科技、教育"),
        ("规范电动自行车通行管理", "电动自行车通行管理", "工业、交通"),
        ("推进公安执法规范化建设", "执法规范化", "公安、安全、司法"),
    ),
    policy_objects=(
        ("居住证管理", "公安、安全、司法"),
        ("机动车停放管理", "工业、交通"),
        ("大型群众性活动安全管理", "公安、安全、司法"),
        ("保安服务管理", "公安、安全、司法"),
        ("户籍登记管理", "公安、安全、司法"),
        ("寄递物流安全管理", "工业、交通"),
    ),
)

_HRSS = _Domain(
    counterpart="人力资源和社会保障局",
    counterpart_city="人力资源局",
    topic="劳动、人事、监察",
    areas=(
        "就业创业",
        "高校毕业生就业",
        "技能人才培养",
        "社会保险扩面",
        "养老保险待遇调整",
        "工伤保险",
        "失业保险稳岗返还",
        "根治欠薪",
        "劳动人事争议调解仲裁",
        "职称制度改革",
        "人事考试",
        "人力资源服务业发展",
        "农民工返乡创业",
        "社保卡居民服务",
        "劳动保障监察",
    ),
    services=(
        "社保卡申领",
        "养老保险关系转移接续",
        "失业保险金申领",
        "灵活就业人员参保登记",
        "职业技能等级认定",
        "就业创业证办理",
        "工伤认定",
        "退休待遇核定",
    ),
    campaigns=(
        "春风行动",
        "就业援助月活动",
        "民营企业招聘月活动",
        "根治欠薪冬季专项行动",
        "高校毕业生就业服务专项行动",
    ),
    metrics=(
        "城镇新增就业{small}万人",
        "开展补贴性职业技能培训{small}万人次",
        "举办线上线下招聘活动{mid}场",
        "发放创业担保贷款{small}亿元",
        "为劳动者追回欠薪{big}万元",
        "基本养老保险参保人数较上年末增加{small}万人",
    ),
    offices=("就业促进处", "职业能力建设处", "养老保险处", "劳动关系处", "专业技术人员管理处"),
    targets="各类用人单位、劳动者以及人力资源服务机构",
    policy_actions=(
        ("促进高校毕业生等青年就业创业", "青年就业创业", "劳动、人事、监察"),
        ("加强技能人才队伍建设", "技能人才队伍建设", "劳动、人事、监察"),
        ("做好灵活就业人员社会保险工作", "灵活就业人员参保", "劳动、人事、监察"),
        ("根治拖欠农民工工资问题", "农民工工资支付保障", "劳动、人事、监察"),
        ("深化职称制度改革", "职称评审", "劳动、人事、监察"),
        ("推进人力资源服务业高质量发展", "人力资源服务业", "劳动、人事、监察"),
        ("支持农民工返乡入乡创业", "返乡入乡创业", "农业、林业、水利"),
        ("做好失业保险稳岗返还工作", "失业保险稳岗返还", "劳动、人事、监察"),
    ),
    policy_objects=(
        ("人力资源服务机构管理", "劳动、人事、监察"),
        ("职业技能等级认定管理", "劳动、人事、监察"),
        ("创业担保贷款及贴息资金管理", "财政、金融、审计"),
        ("就业见习基地管理", "劳动、人事、监察"),
        ("工伤保险经办管理", "劳动、人事、监察"),
        ("技工院校教学质量管理", "科技、教育"),
    ),
)

_MARKET = _Domain(
    counterpart="市场监督管理局",
    counterpart_city="市场监督管理局",
    topic="市场监管、安全生产监管",
    areas=(
        "食品安全监管",
        "特种设备安全",
        "产品质量监督抽查",
        "知识产权保护",
        "经营主体登记",
        "消费者权益保护",
        "价格监督检查",
        "广告监测",
        "计量监督管理",
        "标准化建设",
        "个体工商户发展",
        "网络交易监管",
        "信用监管",
        "反不正当竞争",
        "药品零售监管",
    ),
    services=(
        "营业执照办理",
        "食品经营许可",
        "企业注销登记",
        "经营主体年报",
        "特种设备使用登记",
        "商标质押登记",
        "计量器具检定",
        "股权出质登记",
    ),
    campaigns=(
        "“3·15”消费维权宣传活动",
        "食品安全宣传周活动",
        "民生领域“铁拳”行动",
        "质量月活动",
        "知识产权宣传周活动",
    ),
    metrics=(
        "新登记经营主体{small}万户",
        "完成食品安全抽检{big}批次",
        "为消费者挽回经济损失{big}万元",
        "受理消费投诉举报{big}件",
        "食品抽检合格率达{ratio}%",
        "检验检定特种设备{big}台套",
    ),
    offices=("登记注册处", "食品经营安全监督管理处", "特种设备安全监察处", "消费者权益保护处", "知识产权保护处"),
    targets="各类经营主体和消费者",
    policy_actions=(
        ("加强食品安全全链条监管", "食品安全", "市场监管、安全生产监管"),
        ("促进个体工商户高质量发展", "个体工商户发展", "商贸、海关、旅游"),
        ("强化知识产权保护", "知识产权保护", "科技、教育"),
        ("加强特种设备安全监管", "特种设备安全", "市场监管、安全生产监管"),
        ("优化经营主体准入准营退出服务", "经营主体登记", "市场监管、安全生产监管"),
        ("推进放心消费环境建设", "放心消费环境建设", "商贸、海关、旅游"),
        ("实施质量强省战略", "质量强省建设", "工业、交通"),
        ("规范涉企行政检查", "涉企行政检查", "市场监管、安全生产监管"),
    ),
    policy_objects=(
        ("经营主体登记管理", "市场监管、安全生产监管"),
        ("食品小作坊和食品摊贩管理", "市场监管、安全生产监管"),
        ("电梯安全管理", "市场监管、安全生产监管"),
        ("计量器具监督管理", "市场监管、安全生产监管"),
        ("专利资助资金管理", "科技、教育"),
        ("网络交易平台合规管理", "商贸、海关、旅游"),
    ),
)

_GOVERNMENT = _Domain(
    counterpart="人民政府",
    counterpart_city="人民政府",
    topic="综合政务",
    areas=(
        "优化营商环境",
        "“高效办成一件事”改革",
        "乡村振兴",
        "长江大保护",
        "招商引资",
        "重大项目建设",
        "防汛抗旱",
        "民生实事",
        "数字政府建设",
        "安全生产",
        "稳增长",
        "城市更新",
        "生态环境保护",
        "科技创新",
        "文化旅游发展",
        "县域经济发展",
        "粮食生产",
    ),
    services=(
        "企业开办",
        "不动产登记",
        "工程建设项目审批",
        "新生儿出生一件事联办",
        "社会救助申请",
        "惠企政策兑现",
        "企业投资项目备案",
        "公共资源交易",
    ),
    campaigns=(
        "“项目建设年”活动",
        "安全生产大检查",
        "营商环境专项督查",
        "重点项目集中开工活动",
        "政务服务能力提升行动",
    ),
    metrics=(
        "固定资产投资同比增长{pct}%",
        "新开工亿元以上项目{mid}个",
        "签约招商项目{mid}个",
        "政务服务热线办结群众诉求{big}件",
        "社会消费品零售总额同比增长{pct}%",
        "规模以上工业增加值同比增长{pct}%",
    ),
    offices=("秘书处", "政务公开办公室", "督查室", "政策研究室"),
    targets="各级行政机关、企事业单位和社会组织",
    policy_actions=(
        ("优化营商环境", "营商环境建设", "综合政务"),
        ("推进“高效办成一件事”", "政务服务改革", "综合政务"),
        ("促进民营经济发展壮大", "民营经济发展", "国民经济管理"),
        ("加强耕地保护", "耕地保护", "国土资源、能源"),
        ("推动制造业高质量发展", "制造业发展", "工业、交通"),
        ("促进文化和旅游消费", "文旅消费", "商贸、海关、旅游"),
        ("加快数字政府建设", "数字政府建设", "综合政务"),
        ("加强长江流域生态环境保护", "生态环境保护", "城乡建设、环境保护"),
        ("支持科技创新", "科技创新", "科技、教育"),
        ("完善养老服务体系", "养老服务", "民政、扶贫、救灾"),
        ("推进城市更新", "城市更新", "城乡建设、环境保护"),
        ("做好防汛抗旱工作", "防汛抗旱", "农业、林业、水利"),
        ("加强基层医疗卫生服务能力建设", "基层医疗卫生服务", "卫生、体育"),
        ("促进外贸稳规模优结构", "外贸发展", "商贸、海关、旅游"),
        ("加强政府债务管理", "政府债务管理", "财政、金融、审计"),
        ("推进普惠托育服务发展", "普惠托育服务", "人口与计划生育、妇女儿童工作"),
        ("加强公共文化服务体系建设", "公共文化服务", "文化、广电、新闻出版"),
        ("推动民族地区高质量发展", "民族地区发展", "民族、宗教"),
        ("深化对外交流合作", "对外交流合作", "对外事务"),
    ),
    policy_objects=(
        ("政府投资项目管理", "国民经济管理"),
        ("公共资源交易管理", "财政、金融、审计"),
        ("政务数据共享管理", "综合政务"),
        ("住宅专项维修资金管理", "城乡建设、环境保护"),
        ("政府购买服务管理", "财政、金融、审计"),
        ("城市生活垃圾分类管理", "城乡建设、环境保护"),
        ("行政规范性文件管理", "综合政务"),
        ("水资源管理", "农业、林业、水利"),
    ),
)

_GENERAL = _Domain(
    counterpart="有关部门",
    counterpart_city="有关部门",
    topic="综合政务",
    areas=(
        "政务公开",
        "政务服务",
        "数字化转型",
        "干部教育培训",
        "为民办实事",
        "信访工作",
        "法治政府建设",
        "行业安全监管",
        "基层治理",
        "统计调查",
        "档案管理",
        "节能降耗",
    ),
    services=("政务服务事项办理", "政府信息公开申请", "证明事项告知承诺", "电子证照应用", "投诉举报受理"),
    campaigns=("作风建设专项行动", "政务公开宣传月活动", "安全生产大检查", "普法宣传月活动"),
    metrics=(
        "办理政务服务事项{big}件",
        "主动公开政府信息{big}条",
        "办结群众诉求{big}件",
        "群众满意率达{ratio}%",
    ),
    offices=("办公室", "政策法规处", "综合处"),
    targets="有关单位和个人",
    policy_actions=(
        ("加强政务公开工作", "政务公开", "综合政务"),
        ("提升政务服务效能", "政务服务", "综合政务"),
        ("推进法治政府建设", "法治政府建设", "公安、安全、司法"),
        ("加强基层治理体系建设", "基层治理", "民政、扶贫、救灾"),
        ("推进节约型机关建设", "节约型机关建设", "其他"),
    ),
    policy_objects=(
        ("政府信息公开管理", "综合政务"),
        ("证明事项告知承诺制管理", "综合政务"),
        ("政务服务“好差评”管理", "综合政务"),
        ("机关档案管理", "其他"),
    ),
)

# Checked in order; the first keyword found in the organisation's name picks the domain.
_DOMAIN_KEYWORDS: tuple[tuple[str, _Domain], ...] = (
    ("公安", _POLICE),
    ("人力资源", _HRSS),
    ("人社", _HRSS),
    ("市场监督", _MARKET),
    ("市场监管", _MARKET),
    ("人民政府", _GOVERNMENT),
    ("政府办公厅", _GOVERNMENT),
    ("政府办公室", _GOVERNMENT),
)

# Lines of work every organisation has, drawn now and then instead of the domain's own.
_COMMON_AREAS = ("党风廉政建设", "政务公开", "作风建设", "安全生产", "普法宣传", "优化营商环境", "数字化转型")

_HUBEI_PLACES = (
    "武汉市",
    "黄石市",
    "十堰市",
    "宜昌市",
    "襄阳市",
    "鄂州市",
    "荆门市",
    "孝感市",
    "荆州市",
    "黄冈市",
    "咸宁市",
    "随州市",
    "恩施州",
    "仙桃市",
    "潜江市",
    "天门市",
    "神农架林区",
)
_WUHAN_PLACES = (
    "江岸区",
    "江汉区",
    "硚口区",
    "汉阳区",
    "武昌区",
    "青山区",
    "洪山区",
    "东西湖区",
    "蔡甸区",
    "江夏区",
    "黄陂区",
    "新洲区",
)
_GENERIC_PLACES = ("中心城区", "高新区", "经开区", "东部新城", "西部新区", "南部片区", "北部片区")

_HUBEI_MEDIA = ("湖北日报", "荆楚网", "湖北之声")
_WUHAN_MEDIA = ("长江日报", "长江网")

_ACTIVITIES = ("专项督导", "集中宣传活动", "“回头看”", "暗访检查", "业务指导", "交叉检查", "进社区活动", "联合检查")
_HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_LISTINGS = ("示范单位", "优秀案例", "重点培育对象", "先进集体", "示范项目", "星级服务窗口", "标准化试点单位")
_CHECKS = ("专项检查", "年度报告", "监督抽查", "申报工作", "评估工作", "自查自纠", "满意度调查")
_ORDINALS = ("一", "二", "三", "四")
_ASPECTS = ("工作", "办理流程", "服务标准", "窗口服务", "材料审核", "档案管理")
_RULES = ("办法", "实施细则", "规定", "暂行办法")
_DRAFTS = ("征求意见稿", "修订征求意见稿")
_UNITS = ("信息中心", "政务服务中心", "宣传教育中心", "后勤服务中心", "培训中心", "技术保障中心")
_NUMERALS = "一二三四五六七八九十"
_ADVERBS = ("进一步", "全面", "持续", "切实")

# ---------------------------------------------------------------------------------------------------------------------
# News: (kind of story, title, lead). The lead always names the organisation ({org}); the summary is the lead and a
# purpose, and opens the first paragraph. Meetings, results (figures, new services) and activities (inspections,
# campaigns, training) each have their own purposes and following sentences.

_NEWS_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("meeting", "{s}召开{year}年度{area}工作推进会", "{date}，{org}召开{year}年度{area}工作推进会"),
    ("meeting", "{s}研究部署{year}年{area}重点任务", "{date}，{org}召开专题会议，研究部署{year}年{area}重点任务"),
    ("activity", "{s}赴{place}调研{area}工作", "{date}，{org}主要负责同志带队赴{place}，就{area}工作开展专题调研"),
    ("result", "{place}{area}工作取得新进展", "今年以来，{place}在{org}的指导下扎实推进{area}工作"),
    ("meeting", "{s}党组理论学习中心组围绕{area}开展专题学习", "{date}，{org}党组理论学习中心组围绕{area}开展专题学习"),
    ("activity", "{s}举办{year}年{area}业务培训班", "{date}，{org}举办{year}年{area}业务培训班"),
    (
        "meeting",
        "{s}召开{season}{area}工作专题会议",
        "{date}，{org}召开{season}{area}工作专题会议，听取近期工作情况汇报",
    ),
    ("activity", "{s}在{place}开展{area}{activity}", "{date}，{org}在{place}开展{area}{activity}"),
    ("activity", "{s}与{place}人民政府签署{area}合作协议", "{date}，{org}与{place}人民政府签署{area}合作协议"),
    (
        "meeting",
        "{division}{area}工作现场推进会在{place}召开",
        "{date}，{org}在{place}召开{division}{area}工作现场推进会",
    ),
    ("result", "{s}通报{period}{area}工作情况", "{date}，{org}召开新闻通气会，通报{period}{scope}{area}工作情况"),
    ("result", "{period}{scope}{metric}", "记者从{org}获悉，{period}{scope}{metric}"),
    (
        "result",
        "{s}举行新闻发布会介绍{period}{area}有关情况",
        "{date}，{org}举行新闻发布会，介绍{period}{scope}{area}有关情况",
    ),
    ("activity", "{s}主要负责同志带队赴{place}督导{area}工作", "{date}，{org}主要负责同志带队赴{place}督导{area}工作"),
    ("result", "{place}积极探索{area}新模式", "近年来，{place}在{org}的支持下积极探索{area}新模式"),
    ("result", "{s}推出{n}项举措推动{area}提质增效", "{date}，{org}印发通知，推出{n}项具体举措推动{area}提质增效"),
    ("result", "{s}推出{n}项便民举措提升{service}便利度", "{date}，{org}推出{n}项便民举措，进一步提升{service}便利度"),
    ("activity", "{division}启动{year}年{campaign}", "{date}，{org}在{place}举行{year}年{campaign}启动仪式"),
    ("meeting", "{s}在{place}召开{area}工作座谈会", "{date}，{org}在{place}召开{area}工作座谈会，听取基层意见建议"),
    ("result", "聚焦{area}，{s}出实招求实效", "今年以来，{org}聚焦{area}，出实招、求实效"),
    ("result", "{place}{service}实现“一网通办”", "{date}，记者从{org}获悉，{place}{service}已实现“一网通办”"),
    ("meeting", "{s}召开{year}年{area}工作会议", "{date}，{org}召开{year}年{area}工作会议"),
    ("result", "{division}发布{year}年{area}典型案例", "{date}，{org}发布{year}年{scope}{area}典型案例"),
    ("activity", "{s}举办{year}年{area}业务技能竞赛", "{date}，{org}在{place}举办{year}年{area}业务技能竞赛"),
    ("activity", "{s}深入{place}开展{area}蹲点调研", "{date}，{org}调研组深入{place}开展{area}蹲点调研"),
    ("meeting", "{s}扎实做好{season}{area}工作", "{date}，{org}召开会议，部署{season}{area}工作"),
    ("result", "{place}{service}最快{k}个工作日办结", "记者从{org}获悉，{place}{service}办理时限压缩至最快{k}个工作日"),
    (
        "meeting",
        "{s}部署{season}{area}领域风险隐患排查整治",
        "{date}，{org}召开会议，部署{season}{area}领域风险隐患排查整治",
    ),
    ("activity", "{s}在{place}开展{area}宣传进社区活动", "{date}，{org}在{place}开展{area}宣传进社区活动"),
    ("activity", "{s}检查指导{place}{area}工作", "{date}，{org}有关负责同志赴{place}检查指导{area}工作"),
    ("result", "{place}{area}经验做法在{scope}推广", "{date}，{org}印发通知，在{scope}推广{place}{area}经验做法"),
    ("meeting", "{s}召开{period}{area}工作调度会", "{date}，{org}召开{period}{area}工作调度会，逐项调度重点任务进展"),
    ("activity", "{s}联合多部门开展{area}{activity}", "{date}，{org}联合多部门在{place}开展{area}{activity}"),
    ("meeting", "{s}听取{place}{area}工作情况汇报", "{date}，{org}召开会议，听取{place}{area}工作情况汇报"),
    ("result", "{s}召开{period}{area}新闻通气会", "{date}，{org}召开新闻通气会，介绍{period}{area}工作进展"),
    ("meeting", "{s}部署开展{year}年{campaign}", "{date}，{org}召开动员部署会，部署开展{year}年{campaign}"),
)

_NEWS_PURPOSES = {
    "meeting": (
        "总结前一阶段工作成效，部署下一阶段重点任务",
        "研究解决工作推进中的困难和问题",
        "动员各方力量推动各项任务落地见效",
        "推动{area}工作提质增效",
    ),
    "result": (
        "各项工作取得积极成效",
        "群众办事更加便捷高效",
        "一批务实举措正在落地见效",
        "企业和群众的获得感持续增强",
    ),
    "activity": (
        "进一步提升群众的获得感和满意度",
        "推动{area}工作提质增效",
        "着力解决群众急难愁盼问题",
        "推动各项政策措施落地见效",
    ),
}

# Sentences that follow the summary in the first paragraph.
_NEWS_CONTEXT = {
    "meeting": (
        "会议传达学习了上级有关会议和文件精神，通报了{period}{scope}{area}工作进展情况。",
        "会议听取了有关处室和直属单位的工作汇报，分析研判当前{area}面临的形势和任务。",
        "{place}、{place2}等地有关负责同志作交流发言，介绍了推进{area}的经验做法。",
        "{org}有关处室、直属单位负责同志参加会议。",
        "各地各有关单位负责同志通过视频方式在分会场参加。",
        "会议指出，今年以来，{scope}{area}工作稳中有进，各项重点任务有序推进。",
    ),
    "result": (
        "据了解，{place}通过流程再造、数据共享等方式，将{service}所需材料精简{pct}%。",
        "{period}，{scope}{metric}。",
        "这是{s}推进{area}、持续优化服务的又一项务实举措。",
        "目前，相关做法已在{place2}等地复制推广。",
        "“以前办{service}要跑好几趟，现在网上提交材料就能办，省心多了。”前来办事的群众说。",
    ),
    "activity": (
        "{org}有关处室负责同志、{place_body}有关负责同志参加。",
        "此次活动由{org}主办，{place_body}承办。",
        "活动采取现场讲解与互动问答相结合的方式进行，吸引了众多群众参与。",
        "一行人先后来到{place}、{place2}等地，实地察看基层服务站点和重点项目。",
        "{place_body}有关负责同志汇报了近期工作情况。",
    ),
}
_NEWS_ASSESSMENTS = (
    "据介绍，{period}{scope}{metric}，各项工作取得阶段性成效。",
    "今年以来，{s}坚持以人民为中心的发展思想，把{area}作为为民办实事的重要内容，推动各项任务落地见效。",
    "从调研情况看，{place}在{area}方面思路清晰、措施有力，形成了一批可复制可推广的经验。",
    "近年来，{scope}{area}工作体制机制不断完善，基层基础持续夯实，服务能力和水平明显提升。",
    "同时也要看到，{area}工作中仍存在发展不平衡、基层力量薄弱、信息化支撑不足等问题。",
)
# A demands paragraph opens with who demands (by kind of story), then these.
_NEWS_DEMAND_OPENERS = {
    "meeting": "会议强调，",
    "result": "{s}有关负责同志表示，下一步",
    "activity": "{s}有关负责同志强调，",
}
_NEWS_DEMANDS = (
    "要坚持问题导向和目标导向，聚焦{area}中的难点堵点，细化工作举措，压紧压实责任。",
    "要强化部门协同和上下联动，健全工作机制，形成推进{area}的工作合力。",
    "要坚持底线思维，加强风险研判和隐患排查，确保{area}各项工作平稳有序。",
    "要持续深化“高效办成一件事”改革，推动{service}等事项减环节、减材料、减时限。",
    "要加强政策宣传解读，及时回应群众关切，不断增强企业和群众的获得感、幸福感、安全感。",
    "要坚持严的基调，驰而不息纠治“四风”，以过硬作风保障{area}各项任务落地落实。",
    "要加强干部队伍建设，开展常态化业务培训，提升一线工作人员依法履职和服务群众的能力。",
)
_NEWS_MEASURES = (
    "一是完善制度机制，出台配套措施；二是加强督促检查，建立工作台账；三是强化数据赋能，提升{service}网上办理水平。",
    "{s}将{service}纳入“一网通办”，实现申请、受理、审核、办结全流程网上办理，平均办理时限压缩至{k}个工作日。",
    "{place}推行“窗口前移、服务下沉”，在街道（乡镇）便民服务中心设置服务专区，群众在家门口即可办理{service}。",
    "为确保各项措施落地见效，{s}建立了“周调度、月通报、季评估”工作机制，对进展滞后的地方和单位及时督办。",
    "{s}梳理形成{n}项重点任务清单，逐项明确责任单位和完成时限，实行清单化管理、项目化推进。",
)
_NEWS_FIELD = (
    "在{place}，工作人员实地走访了基层服务站点，与一线工作人员和办事群众深入交流，详细了解{service}办理情况。",
    "{place}结合本地实际，探索推行“线上预约、线下帮办”服务模式，有效提升了群众办事的便利度。",
    "检查组采取“四不两直”方式，深入{place}、{place2}等地的基层单位，随机查阅台账资料，现场反馈发现的问题。",
    "座谈中，基层工作人员和群众代表围绕{area}畅所欲言，提出了许多有针对性的意见建议。",
    "在{place2}，工作人员现场演示了{service}办理流程，并介绍了近期为群众解决急难愁盼问题的典型案例。",
    "活动现场，工作人员通过设置咨询台、发放宣传资料、现场答疑等方式，向群众宣传{area}相关政策。",
)
# Middle paragraphs by kind of story; "demands" stands for a paragraph of _NEWS_DEMANDS.
_NEWS_MIDDLES = {
    "meeting": ("assessments", "demands", "measures"),
    "result": ("assessments", "field", "measures", "demands"),
    "activity": ("field", "assessments", "demands", "measures"),
}
_NEWS_POOLS = {"assessments": _NEWS_ASSESSMENTS, "measures": _NEWS_MEASURES, "field": _NEWS_FIELD}
_NEWS_CLOSINGS = (
    "下一步，{s}将持续聚焦{area}，进一步健全长效机制，推动各项工作提质增效，为{division}高质量发展贡献力量。",
    "{s}有关负责同志表示，将认真总结经验，抓好问题整改，确保各项任务按期完成。",
    "下一步，{s}将加强跟踪问效，定期通报工作进展，对工作推进不力的地方和单位进行督办。",
    "{s}将继续加强与{place}等地的沟通协作，及时总结推广基层好经验好做法，推动{area}工作走深走实。",
    "据悉，{s}还将围绕{area2}等群众关心的问题，陆续推出一批务实管用的便民举措。",
)
_FILLERS = (
    "各地各部门要进一步提高思想认识，切实增强责任感和紧迫感。",
    "相关工作情况将通过门户网站及时向社会公开，接受群众监督。",
    "群众对相关工作有意见建议的，可通过12345政务服务便民热线反映。",
    "这项工作得到了基层干部群众的普遍认可。",
    "目前，各项工作正按照时间节点有序推进。",
    "{s}将持续跟踪，及时协调解决工作推进中遇到的困难和问题。",
    "要把好事办好、实事办实，让群众看到实实在在的变化。",
    "各地要结合实际抓好贯彻落实，重要情况及时报告。",
    "有关负责同志现场回答了群众关心的问题。",
    "相关负责同志表示，将进一步加大工作力度。",
    "基层干部群众对此反响良好。",
    "相关工作将持续推进。",
)

# ---------------------------------------------------------------------------------------------------------------------
# Notices. Each template names its genre (notice, announcement, publicity, circular, report: the word of its closing
# line), how it opens, which sections
# it may have and, where the generic ones would not fit, its purpose.


@dataclasses.dataclass(frozen=True)
class _NoticeTemplate:
    title: str
    subject: str
    genre: str  # the word the notice calls itself by
    opening: str  # key of _NOTICE_OPENINGS
    sections: str  # key of _NOTICE_SECTIONS
    goal: str = ""


_NOTICE_TEMPLATES: tuple[_NoticeTemplate, ...] = (
    _NoticeTemplate(
        "关于开展{year}年度{scope}{area}{check}的通知", "开展{year}年度{scope}{area}{check}", "通知", "internal", "work"
    ),
    _NoticeTemplate(
        "关于做好{year}年{scope}{area}工作的通知", "做好{year}年{scope}{area}工作", "通知", "internal", "work"
    ),
    _NoticeTemplate(
        "关于举办{year}年{scope}{area}业务培训班的通知",
        "举办{year}年{scope}{area}业务培训班",
        "通知",
        "internal",
        "training",
        "进一步提升{area}工作人员的业务能力和服务水平",
    ),
    _NoticeTemplate(
        "关于{holiday}期间{service}业务安排的通知",
        "{holiday}期间{service}业务安排",
        "通知",
        "public",
        "service",
        "方便群众合理安排办事时间",
    ),
    _NoticeTemplate(
        "关于印发《{division}{area}工作方案》的通知", "贯彻落实《{division}{area}工作方案》", "通知", "internal", "work"
    ),
    _NoticeTemplate(
        "关于开展{year}年{scope}{campaign}的通知", "开展{year}年{scope}{campaign}", "通知", "internal", "work"
    ),
    _NoticeTemplate(
        "关于进一步规范{service}{aspect}的通知",
        "进一步规范{service}{aspect}",
        "通知",
        "internal",
        "work",
        "切实提升{service}的服务质量和效率",
    ),
    _NoticeTemplate(
        "关于公布{year}年度{scope}{area}{listing}名单的公告",
        "{year}年度{scope}{area}{listing}",
        "公告",
        "public",
        "listing",
    ),
    _NoticeTemplate(
        "关于{date}{service}系统升级暂停服务的公告",
        "{service}系统升级期间暂停服务",
        "公告",
        "public",
        "service",
        "进一步提升{service}系统的服务能力",
    ),
    _NoticeTemplate(
        "关于{year}年{season}调整{service}窗口办理时间的公告",
        "{season}调整{service}窗口办理时间",
        "公告",
        "public",
        "service",
        "更好地方便群众办事",
    ),
    _NoticeTemplate(
        "关于公开征集{year}年{scope}{area}工作意见建议的公告",
        "公开征集{year}年{scope}{area}工作意见建议",
        "公告",
        "public",
        "consultation",
        "充分听取社会各界意见，进一步改进{area}工作",
    ),
    _NoticeTemplate(
        "关于征求《{division}{object}{rule}（{draft}）》意见的公告",
        "《{division}{object}{rule}（{draft}）》公开征求意见",
        "公告",
        "public",
        "consultation",
        "提高规范性文件制定的公开性和透明度",
    ),
    _NoticeTemplate(
        "{s}所属{unit}{year}年第{ordinal}批公开招聘工作人员公告",
        "所属{unit}{year}年第{ordinal}批公开招聘工作人员",
        "公告",
        "public",
        "recruitment",
        "满足所属{unit}工作需要，进一步加强人才队伍建设",
    ),
    _NoticeTemplate(
        "关于{year}年{area}{listing}拟认定名单的公示",
        "{year}年{area}{listing}拟认定名单",
        "公示",
        "publicity",
        "publicity",
    ),
    _NoticeTemplate(
        "关于{year}年第{ordinal}批{area}{listing}名单的公示",
        "{year}年第{ordinal}批{area}{listing}名单",
        "公示",
        "publicity",
        "publicity",
    ),
    _NoticeTemplate(
        "关于{year}年{scope}{area}监督检查结果的通告",
        "{year}年{scope}{area}监督检查结果",
        "通告",
        "public",
        "inspection",
    ),
    _NoticeTemplate(
        "关于{period}{scope}{area}工作进展情况的通报", "{period}{scope}{area}工作进展情况", "通报", "report", "report"
    ),
    _NoticeTemplate("关于{year}年{area}{check}情况的通报", "{year}年{area}{check}情况", "通报", "report", "report"),
)

_NOTICE_GOALS = (
    "深入贯彻落实上级有关决策部署，进一步做好{area}工作",
    "进一步规范{area}相关工作，保障人民群众合法权益",
    "全面掌握{scope}{area}工作开展情况",
    "推动{area}各项政策措施落地见效",
)

_NOTICE_OPENINGS = {
    "internal": "{addressee}：为{goal}，根据有关规定和工作安排，现就{subject}有关事项通知如下。",
    "public": "为{goal}，根据有关规定，现就{subject}有关事项{genre}如下。",
    "publicity": "根据有关规定和工作程序，经单位申报、初审推荐和专家评审，现将{subject}予以公示。",
    "report": "{addressee}：为{goal}，现将{subject}通报如下。",
}

# (heading, body) sections, in the order they appear; a contact section always comes last.
_NOTICE_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "work": (
        ("时间安排", "本次工作自{start}起开始，至{end}结束。请各单位合理安排进度，在规定时间内完成各项工作任务。"),
        ("工作范围", "{scope}范围内依法设立的相关单位和机构均应按要求参加，各地要全面摸清底数，做到不重不漏。"),
        ("主要内容", "重点围绕{area}政策落实、工作机制运行、服务质量提升等方面开展，着力解决工作中的突出问题。"),
        ("材料要求", "相关单位应如实填写有关材料，并对材料的真实性、准确性、完整性负责。对弄虚作假的，依法依规处理。"),
        ("工作要求", "各单位要高度重视，明确专人负责，认真组织实施，确保工作质量和进度。重要情况和问题要及时报告。"),
        ("纪律要求", "各单位要严格遵守中央八项规定及其实施细则精神，坚决杜绝形式主义、官僚主义，切实减轻基层负担。"),
    ),
    "training": (
        (
            "培训时间",
            "培训定于{start}至{end}分两期举办，具体报到地点和日程安排另行通知。请各单位统筹安排好工作，确保参训人员按时参加。",
        ),
        (
            "参训对象",
            "{scope}各级从事{area}工作的业务骨干，每个单位限报{k}人。请各单位认真遴选参训人员，于开班前一周报送名单。",
        ),
        ("培训内容", "主要包括{area}有关政策解读、业务操作实务和典型案例分析等，培训结束后组织结业考核。"),
        (
            "有关要求",
            "参训人员须严格遵守培训纪律，培训期间不安排与培训无关的活动。培训不收取费用，交通费回原单位报销。",
        ),
    ),
    "service": (
        ("办理安排", "调整期间，{service}相关业务暂停办理或调整办理时间，具体以窗口公示为准，其他业务正常办理。"),
        ("替代渠道", "确需办理的，可通过{division}政务服务网预约，或到当地政务服务中心综合窗口咨询办理。"),
        (
            "注意事项",
            "请广大群众合理安排办事时间，提前通过线上渠道查询办理进度，避免往返奔波。由此带来的不便，敬请谅解。",
        ),
    ),
    "listing": (
        ("名单内容", "经单位申报、各地推荐、专家评审和集体研究，确定{n}个单位（项目）为{subject}，具体名单详见附件。"),
        ("有关要求", "入选单位要发挥示范带动作用，认真总结经验做法，持续提升工作水平。"),
        ("动态管理", "{org}将对入选单位实行动态管理，对不再符合条件的予以调整并向社会公布。"),
    ),
    "consultation": (
        ("征求时间", "本次征求意见时间为{start}至{end}。征求意见稿全文可在{org}门户网站“意见征集”栏目查阅。"),
        ("反馈方式", "社会各界可通过信函或{org}门户网站“意见征集”栏目提出意见建议。"),
        ("有关说明", "提出意见建议时，请注明真实姓名和联系方式，以便进一步沟通。我们将认真研究各方面意见建议。"),
    ),
    "recruitment": (
        ("招聘计划", "本次计划公开招聘工作人员{n}名，具体岗位、人数和资格条件详见附件《招聘岗位表》。"),
        ("报名条件", "应聘人员应遵守宪法和法律，具有良好的品行和岗位所需的专业或技能条件，身体条件符合岗位要求。"),
        ("报名方式", "本次招聘采取网上报名方式，报名时间为{start}至{end}，逾期不予受理。"),
        ("考试安排", "考试采取笔试和面试相结合的方式进行，具体时间和地点另行通知，请应聘人员及时关注{org}门户网站。"),
    ),
    "publicity": (
        ("公示内容", "经申报、初审和专家评审，拟确定{n}个单位（项目）列入{subject}，具体名单详见附件。"),
        ("公示时间", "公示期为{start}至{end}。公示期间，社会各界可对公示对象提出意见，逾期反映的原则上不予受理。"),
        ("异议反映", "对公示对象有异议的，可以书面形式反映。反映情况应当实事求是，并提供必要的证明材料和联系方式。"),
        ("其他说明", "以单位名义反映情况的，应加盖单位公章；以个人名义反映情况的，应签署真实姓名。"),
    ),
    "inspection": (
        ("检查情况", "{org}组织对{scope}{area}情况开展监督检查，共检查单位{mid}家，发现问题{small}个。"),
        ("处理情况", "对检查中发现的违法违规行为，已依法依规处理，并将处理结果依法记入信用记录、向社会公示。"),
        ("有关要求", "相关单位应当落实主体责任，建立健全内部管理制度，主动排查整改存在的问题。"),
        ("监督方式", "对违反有关规定的行为，任何单位和个人均可通过12345政务服务便民热线举报。"),
    ),
    "report": (
        ("基本情况", "{period}，{scope}各地各单位认真落实{area}各项部署，{metric}，工作总体平稳有序。"),
        ("存在问题", "个别地方和单位仍存在思想认识不到位、工作进度滞后、台账资料不规范等问题，需引起高度重视。"),
        ("工作要求", "各地各单位要对照通报指出的问题，认真分析原因，制定整改措施，于{end}前报送整改情况。"),
    ),
}
_NOTICE_CONTACTS = {
    "publicity": ("联系方式", "公示期间，如有异议，请向{org}{office}书面反映，也可拨打12345政务服务便民热线。"),
    "report": ("下一步安排", "{org}将持续加强督促指导，对问题整改情况适时开展“回头看”，整改不到位的予以通报。"),
    "recruitment": ("咨询方式", "招聘有关事项请向{org}人事部门咨询，招聘信息以{org}门户网站发布的为准。"),
}
_NOTICE_DEFAULT_CONTACT = ("联系方式", "有关问题请与{org}{office}联系，也可拨打12345政务服务便民热线咨询。")
# Short sentences that round off a section: for notices to departments, and for notices to the public.
_NOTICE_FILLERS = {
    "internal": (
        "请各单位认真组织，按时完成。",
        "各地要加强对基层的指导，确保工作规范有序开展。",
        "请相关单位和人员及时关注，按要求做好准备。",
        "工作中如遇问题，请及时沟通反馈。",
        "各单位要做好政策解释和群众引导工作。",
        "具体安排如有变化，将另行通知。",
        "各地可结合实际细化工作安排。",
        "重要情况请及时报告。",
    ),
    "public": (
        "有关情况将在{org}门户网站同步发布。",
        "相关信息以{org}门户网站发布的为准。",
        "具体安排如有变化，将另行公布。",
        "请广大群众相互转告。",
        "感谢社会各界的理解和支持。",
        "请有关单位和人员予以配合。",
        "欢迎社会各界监督。",
        "如遇特殊情况，请及时与我们联系。",
    ),
}
_NOTICE_TAILS = (
    "请各有关单位和人员认真阅读并按照要求做好相关工作",
    "对相关工作作出具体安排",
    "明确了时间安排和工作要求",
    "欢迎社会各界监督",
    "请相关单位和群众及时关注",
)

# ---------------------------------------------------------------------------------------------------------------------
# Policies. Title patterns use an action ({action}, a verb phrase), an object ({object}, what is managed) or an area.
# (title, genre, which subject) - the genre is the word the text calls itself by (measures, opinions, plan ...).

_POLICY_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("{org}关于{adv}{action}的若干措施", "措施", "action"),
    ("{org}关于{adv}{action}的实施意见", "意见", "action"),
    ("{org}关于{adv}{action}的通知", "通知", "action"),
    ("{org}关于印发{division}{adv}{action}若干措施的通知", "措施", "action"),
    ("{org}关于印发《{division}{action}实施方案》的通知", "方案", "action"),
    ("{org}关于印发《{division}{action}三年行动方案（{year}—{year2}年）》的通知", "方案", "action"),
    ("{org}关于印发《{division}{action}工作方案》的通知", "方案", "action"),
    ("{division}{action}行动计划（{year}—{year2}年）", "计划", "action"),
    ("{org}关于{action}的指导意见", "意见", "action"),
    ("{org}关于做好{year}年{area}工作的通知", "通知", "area"),
    ("{org}关于印发《{division}{action}专项行动方案》的通知", "方案", "action"),
    ("{org}关于{adv}{action}的若干政策措施", "措施", "action"),
    ("{org}关于{adv}{action}的实施方案", "方案", "action"),
    ("{org}关于印发{division}{action}若干政策措施的通知", "措施", "action"),
    ("{division}{object}办法", "办法", "object"),
    ("{division}{object}实施细则", "细则", "object"),
    ("{org}关于印发《{division}{object}办法》的通知", "办法", "object"),
    ("{org}关于印发《{division}{object}暂行办法》的通知", "办法", "object"),
    ("{org}关于修订《{division}{object}办法》的通知", "办法", "object"),
    ("{division}{object}规定", "规定", "object"),
    ("{org}关于加强{object}的通知", "通知", "object"),
    ("{org}关于进一步规范{object}工作的通知", "通知", "object"),
    ("{org}关于{year}年{area}工作要点的通知", "通知", "area"),
)

_POLICY_GOALS = (
    "更好满足人民群众美好生活需要",
    "推动经济社会高质量发展",
    "进一步激发市场活力和社会创造力",
    "切实保障人民群众合法权益",
    "加快建设人民满意的服务型政府",
)

_POLICY_PREAMBLES = (
    "为深入贯彻落实党中央、国务院决策部署和{level}委、{level}政府工作要求，{subject_goal}，{goal}，"
    "根据有关法律法规和政策规定，结合{division}实际，{enact}",
    "为{subject_goal}，{goal}，根据国家有关规定，结合{division}实际，{enact}",
    "近年来，{division}{area}工作取得积极成效，但仍存在一些短板弱项。为{subject_goal}，{goal}，{enact}",
)

# (heading, sentences); sections keep this order in a document.
_POLICY_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "明确目标任务",
        (
            "到{end_year}年，{division}{area}工作体系更加完善，服务能力明显增强，群众满意度持续提升。",
            "形成一批具有{division}特色、可复制可推广的经验做法。",
        ),
    ),
    (
        "优化服务流程",
        (
            "全面梳理{service}等高频事项办事流程，推行“一表申请、一窗受理、一次办结”，进一步压减办理环节和时限。",
            "除法律法规另有规定外，不得要求申请人提供可通过数据共享获取的材料。",
        ),
    ),
    (
        "提升服务质效",
        (
            "深化“一网通办”“一事联办”，在政务服务中心设立综合受理窗口，推行帮办代办服务。",
            "建立健全政务服务“好差评”制度，以群众满意度检验工作成效。",
        ),
    ),
    (
        "推进数字化赋能",
        (
            "依托{division}一体化政务服务平台，推动{area}相关数据按需共享、业务协同办理。",
            "加快推进电子证照在{service}等事项中的应用，实现更多事项“掌上办”“指尖办”。",
        ),
    ),
    (
        "加大政策支持力度",
        (
            "统筹用好各级财政资金，对符合条件的单位和个人按规定给予补贴或奖励，资金申报和拨付情况依法公开。",
            "鼓励各地结合实际出台配套措施，形成政策叠加效应。",
        ),
    ),
    (
        "强化要素保障",
        (
            "在用地、资金、人才等方面给予倾斜支持，对重点项目实行清单化管理、专班化推进。",
            "建立健全部门协同机制，及时协调解决项目推进中遇到的困难和问题。",
        ),
    ),
    (
        "深化改革创新",
        (
            "鼓励各地在{area}领域先行先试，探索形成一批可复制可推广的制度创新成果。",
            "对基层探索中出现的新情况新问题，及时研究完善相关政策。",
        ),
    ),
    (
        "强化人才支撑",
        (
            "加强{area}领域专业人才培养和引进，完善人才评价激励机制。",
            "定期组织开展业务培训和岗位练兵，提升基层工作人员业务能力和服务水平。",
        ),
    ),
    (
        "加强监督管理",
        (
            "健全以信用为基础的新型监管机制，推行“双随机、一公开”监管，对违法失信行为依法惩戒。",
            "畅通投诉举报渠道，及时受理和处置群众反映的问题。",
        ),
    ),
    (
        "保障合法权益",
        (
            "依法保障企业和群众的知情权、参与权和监督权，涉及群众切身利益的重要事项应当公开征求意见。",
            "对侵害群众合法权益的行为，依法依规从严查处。",
        ),
    ),
    (
        "防范化解风险",
        (
            "坚持统筹发展和安全，加强{area}领域风险监测预警，完善应急处置预案。",
            "定期开展风险隐患排查整治，坚决守住安全底线。",
        ),
    ),
    (
        "健全工作机制",
        (
            "建立定期调度、通报和评估制度，每季度对工作进展情况进行分析研判。",
            "对工作推进中发现的问题，实行台账管理、逐项销号。",
        ),
    ),
    (
        "加强宣传引导",
        (
            "通过政府网站、政务新媒体等渠道，加强政策宣传解读，及时回应社会关切。",
            "及时总结推广各地典型经验做法，营造全社会共同参与的良好氛围。",
        ),
    ),
    (
        "强化组织领导",
        (
            "各地各有关部门要把{subject}摆在突出位置，建立主要负责同志牵头抓总、分管负责同志具体落实的工作机制。",
            "{org}会同有关部门加强统筹协调，及时研究解决工作推进中的重大问题。",
        ),
    ),
    (
        "压实工作责任",
        (
            "各地各有关部门要按照职责分工，细化工作任务，明确时间节点，确保各项措施落到实处。",
            "对工作成效明显的予以通报表扬，对推进不力、落实不到位的依规依纪严肃问责。",
        ),
    ),
)
_POLICY_FILLERS = (
    "各地各有关部门要结合实际制定具体实施办法，确保政策落地见效。",
    "相关工作情况纳入年度绩效考核内容。",
    "执行中遇到的问题，请及时向{org}反映。",
    "有关部门要加强协作配合，形成工作合力。",
    "涉及资金支持的，按照有关规定严格管理，确保专款专用。",
    "重大事项及时向{level}委、{level}政府报告。",
    "各地可结合实际细化具体标准。",
    "相关部门要加强对基层的业务指导。",
    "实施情况纳入督查检查范围。",
    "各有关单位要主动做好政策衔接。",
)
_POLICY_CLOSING = (
    "本{genre}自印发之日起施行，有效期至{end_year}年12月31日。此前{division}有关规定与本{genre}不一致的，"
    "以本{genre}为准；国家出台新的政策规定的，从其规定。本{genre}由{org}负责解释。"
)

_INTERPRETATION_OPTIONAL = (
    (
        "政策亮点",
        "一是注重系统集成，将分散在多个文件中的政策措施统一梳理整合；二是注重精准施策，针对不同对象分类提出举措；"
        "三是注重可操作性，明确了责任单位和办理渠道。",
    ),
    ("实施时间", "本{genre}自印发之日起施行，有效期至{end_year}年12月31日。施行期间，将根据实施情况适时评估完善。"),
    (
        "咨询渠道",
        "对本{genre}有疑问的，可通过{org}门户网站“政民互动”栏目留言咨询，也可拨打12345政务服务便民热线。",
    ),
)

# ---------------------------------------------------------------------------------------------------------------------
# Citizen messages: (kind, titles, body, answer). A reply is an opener, the answer and a closer.

_MESSAGE_CASES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    (
        "consultation",
        ("咨询养老保险关系转移接续办理", "外省社保如何转回{city}"),
        "您好，我{years}年前在{province}工作并参加了职工养老保险，现在回{city}工作，请问养老保险关系怎么转移过来？"
        "需要本人回原参保地办理吗？",
        "参保人员跨省流动就业的，可由本人向新就业地社保经办机构提出转移接续申请，也可通过国家社会保险公共服务平台"
        "在线申请，无需回原参保地办理。经办机构受理后将与原参保地联系办理相关手续，一般在45个工作日内办结。",
    ),
    (
        "consultation",
        ("咨询省内社保转移手续", "换工作后社保需要转移吗"),
        "我之前在{city}的公司交了{years}年社保，今年换到{district}一家单位工作，请问社保需要办理转移手续吗？"
        "缴费年限能不能合并计算？",
        "在省内跨统筹地区流动就业的，养老保险关系随同转移，缴费年限累计计算。您可由新参保单位或本人通过网上经办"
        "平台提出申请，医疗保险关系转移可向参保地医保经办机构咨询办理。",
    ),
    (
        "consultation",
        ("咨询购房提取住房公积金", "首套房提取公积金需要哪些材料"),
        "本人在{district}购买了一套首套自住住房，已经办完网签和贷款，请问现在可以提取住房公积金吗？"
        "需要准备哪些材料，能不能在网上办理？",
        "购买自住住房的职工，可在取得购房合同备案或不动产权证书后申请提取住房公积金。提取业务可通过住房公积金"
        "网上服务平台或手机客户端办理，需提供身份证件、购房合同、购房发票等材料，具体以经办机构要求为准。",
    ),
    (
        "consultation",
        ("咨询租房提取公积金额度", "租房提取公积金需要租房合同吗"),
        "我和爱人在{district}租房居住，都缴存了住房公积金，请问租房提取公积金每年可以提多少？需要提供租房合同吗？",
        "无房职工租赁住房的，可按规定申请提取住房公积金支付房租，提取额度按照当地规定的标准执行。符合条件的可通过"
        "线上渠道直接申请，一般无需提供租房合同，具体可向住房公积金管理中心咨询。",
    ),
    (
        "consultation",
        ("咨询{year}年小学招生范围", "{district}学区划分什么时候公布"),
        "请问{district}{year}年小学招生范围什么时候公布？我家住在{community}，孩子今年九月满六周岁，"
        "想了解对口的是哪所学校，需要准备哪些入学材料？",
        "义务教育招生范围由区教育局在每年招生工作启动前统一向社会公布，届时可通过区教育局官方网站和微信公众号"
        "查询。入学登记一般需提供适龄儿童户口簿、房屋产权证明或居住证等材料，具体以当年招生工作方案为准。",
    ),
    (
        "consultation",
        ("咨询孩子入学学区划分", "户口未迁入能否就近入学"),
        "我们家刚在{district}{community}买了房，户口还没迁过来，请问孩子明年上小学能不能在这边就读？"
        "学区是按户口还是按房产划分的？",
        "义务教育阶段实行免试就近入学，招生范围结合学校布局和适龄儿童分布情况划定。户籍与房产不一致的，按当年"
        "招生政策确定入学顺序，建议您关注区教育局发布的招生工作方案，或向所在街道咨询。",
    ),
    (
        "consultation",
        ("咨询个体工商户营业执照办理", "开{shop}需要办哪些证照"),
        "我准备在{district}{road}开一家{shop}，请问个体工商户营业执照可以在网上申请吗？需要提交哪些材料，"
        "大概多长时间能拿到？",
        "个体工商户登记可通过政务服务网在线申请，也可到所在区政务服务中心经营主体登记窗口办理。需提交经营者身份"
        "证明、经营场所使用证明等材料，材料齐全、符合法定形式的，一般可当场或1个工作日内办结。涉及食品经营的，"
        "还需另行申请食品经营许可。",
    ),
    (
        "consultation",
        ("咨询住宅能否作为公司注册地址", "咨询网上办理营业执照时限"),
        "您好，我想注册一家小公司做电商，经营场所用的是自己家的住宅，请问可以作为注册地址吗？办理营业执照要多长时间？",
        "将住宅用作经营场所的，应当遵守法律法规和管理规约，并按规定取得利害关系业主的同意。企业开办可通过线上"
        "平台一次申请，营业执照、印章刻制、涉税事项等可一并办结，材料齐全的一般在1个工作日内完成。",
    ),
    (
        "consultation",
        ("咨询医保异地就医备案办理", "父母异地就医如何直接结算"),
        "我父母退休后准备长期随我在{district}生活，医保在{city}参保，请问异地就医备案怎么办理？"
        "备案后住院费用能直接结算吗？",
        "异地长期居住人员可通过国家医保服务平台、参保地医保经办机构等渠道办理异地就医备案。备案成功后，在就医地"
        "开通异地联网结算的定点医疗机构住院，可以直接结算，报销政策按照有关规定执行。",
    ),
    (
        "consultation",
        ("咨询居住证办理材料", "外地户籍如何办理居住证"),
        "我从外地来武汉工作半年多了，租住在{district}{community}，请问办理居住证需要哪些材料？在哪里办理，多久能拿到？",
        "在居住地居住半年以上，且有合法稳定就业、合法稳定住所或连续就读条件之一的，可向居住地公安派出所或受委托的"
        "社区服务机构申请办理居住证。申请时需提供本人居民身份证、近期照片以及居住地住址、就业等证明材料。",
    ),
    (
        "consultation",
        ("咨询失业保险金申领条件", "离职后如何领取失业保险金"),
        "我所在的公司今年{month}月份和我解除了劳动合同，我已经连续缴纳失业保险{years}年，请问怎么申领失业保险金？"
        "可以领多长时间？",
        "失业前用人单位和本人已缴纳失业保险费满一年、非因本人意愿中断就业并已办理失业登记的，可以申领失业保险金。"
        "您可通过线上服务平台或到参保地公共就业服务机构申请，领取期限根据累计缴费时间确定，最长不超过24个月。",
    ),
    (
        "complaint",
        ("{road}工地夜间施工噪音扰民", "反映{district}工地夜间施工问题"),
        "{district}{road}附近的一处工地最近连续多日夜间施工，经常持续到凌晨一两点，噪音很大，"
        "周边居民无法正常休息，希望有关部门尽快查处。",
        "经核实，{district}城管执法部门已于{month}月{day}日到现场进行检查，该工地确实存在未经许可夜间施工的情况。"
        "执法人员已依法责令其立即停止夜间施工，并将加强夜间巡查，防止问题反弹。",
    ),
    (
        "complaint",
        ("{community}旁工地夜间作业扰民", "反映夜间渣土车作业噪音"),
        "我住在{community}，小区旁边的工地晚上十点以后还在用挖掘机和渣土车作业，家里老人孩子都睡不好觉，"
        "打过几次电话都没有解决，请求相关部门管一管。",
        "经核实，该工地因混凝土浇筑工艺需要申请了夜间连续作业，但存在超时段作业的情况。相关部门已约谈施工单位，"
        "要求其严格按照审批时段施工，采取降噪措施，并提前告知周边居民。",
    ),
    (
        "complaint",
        ("{community}附近商铺音响噪音扰民", "反映{road}商户外放音乐扰民"),
        "{community}楼下有几家商户每天晚上用大功率音箱播放音乐招揽顾客，声音很大，一直持续到晚上十点以后，"
        "和商户沟通多次无果，请求相关部门处理。",
        "经核实，您反映的商户确实存在使用高音广播招揽顾客的情况。属地街道已会同城管执法部门对相关商户进行了劝导"
        "和教育，商户已撤除外放音箱。下一步将加强日常巡查，发现类似问题及时处理。",
    ),
    (
        "complaint",
        ("{road}路面破损亟待维修", "反映{district}{road}路面坑洼问题"),
        "{district}{road}靠近{community}的路段路面坑洼、多处破损，下雨天积水严重，电动车和行人经过很不安全，"
        "已经有一段时间了，希望尽快安排维修。",
        "经核实，您反映的{road}部分路段确实存在路面破损情况。区城管部门已安排养护单位进行现场勘查，计划于近期"
        "完成坑槽修补，并同步疏通周边排水设施。施工期间将设置警示标志，请注意出行安全。",
    ),
    (
        "complaint",
        ("{road}人行道地砖破损", "反映{road}路灯不亮"),
        "{road}人行道的地砖松动、缺失很多，晚上路灯也有几盏不亮，老人走路很容易摔倒，请相关部门尽快修复。",
        "经核实，该路段人行道板破损和路灯故障问题属实。养护单位已于{month}月{day}日完成破损地砖的更换和路灯维修，"
        "下一步将加强日常巡查，及时发现和处置设施损坏问题。",
    ),
    (
        "complaint",
        ("{community}临街餐馆油烟扰民", "反映{road}餐饮店油烟直排"),
        "{community}临街的几家餐馆没有安装油烟净化设施，油烟直接排放到居民楼，楼上住户长期不敢开窗，"
        "请求相关部门检查处理。",
        "经核实，您反映的餐饮店中有两家未按规定安装油烟净化设施。执法人员已责令其限期安装并正常使用油烟净化装置，"
        "逾期未整改的将依法予以处罚。下一步将持续跟踪整改情况。",
    ),
    (
        "complaint",
        ("反映{district}某工地拖欠农民工工资", "请求帮助追讨拖欠工资"),
        "我们在{district}一个建设项目工地务工，包工头已经拖欠我们{workers}名工人{months}个月的工资，"
        "多次讨要无果，请求有关部门帮助解决。",
        "经核实，该项目确实存在拖欠农民工工资问题。劳动保障监察机构已约谈施工总承包单位，责令其限期支付拖欠的"
        "工资，目前相关款项正在核算发放中。如仍未足额支付，可携带相关证据到当地劳动保障监察机构进一步反映。",
    ),
    (
        "complaint",
        ("反映超市销售过期食品", "{road}某超市售卖过期{food}"),
        "我在{district}{road}一家超市购买的{food}已经过了保质期，与商家协商退换遭到拒绝，希望市场监管部门依法处理。",
        "经核实，该超市确实存在销售超过保质期食品的情况。执法人员已对涉事商品予以下架，并对该超市立案调查，"
        "将依法作出处理。同时已督促商家与您协商处理退赔事宜。",
    ),
    (
        "suggestion",
        ("建议{road}路口增设红绿灯", "关于{road}路口交通安全的建议"),
        "建议在{district}{road}与{road2}交叉路口增设红绿灯和人行横道，现在早晚高峰车流量大，"
        "附近学生和老人过马路很不安全。",
        "经交通管理部门现场勘查，该路口车流量和行人过街需求较大，已纳入信号灯设置计划，将在完成设计和施工审批后"
        "尽快实施。在此期间，将在高峰时段增派警力疏导交通。",
    ),
    (
        "suggestion",
        ("建议优化{community}周边公交线路", "建议增开途经{road}的公交线路"),
        "{community}周边新建小区越来越多，附近只有一条公交线路，早高峰很难挤上车，建议增开或优化途经{road}的公交线路。",
        "您的建议很有针对性。公交运营单位已对该区域客流情况进行调查，计划在高峰时段加密现有线路班次，并将结合周边"
        "道路建设情况研究新辟线路的可行性。",
    ),
    (
        "suggestion",
        ("建议老旧小区改造增加停车位", "关于{community}停车难的建议"),
        "建议在{district}老旧小区改造中统筹增加停车位和充电桩，{community}现在晚上停车非常困难，消防通道经常被占用。",
        "您的建议已转交相关部门研究。区住建部门在老旧小区改造方案编制中，将充分征求居民意见，结合小区实际合理"
        "增设停车位和充电设施，并同步加强消防通道管理。",
    ),
    (
        "suggestion",
        ("建议政务服务中心增设周末窗口", "关于扩大网上办理事项的建议"),
        "建议进一步扩大网上可办事项范围，并在政务服务中心增设周末服务窗口，方便上班族办理业务，"
        "现在工作日请假办事很不方便。",
        "目前区政务服务中心已推行周六上午延时服务，提供社保、医保、不动产登记等高频事项办理。下一步将继续扩大网上"
        "可办事项范围，推动更多事项实现掌上办、就近办。",
    ),
    (
        "suggestion",
        ("关于小区垃圾分类投放点设置的建议", "建议{community}增加垃圾分类投放点"),
        "{community}的垃圾分类投放点设置不太合理，部分楼栋离投放点很远，建议增加投放点并延长定时投放时间，"
        "同时加强宣传引导。",
        "您的建议已转交属地街道办理。街道已会同社区和物业服务企业实地查看，将根据楼栋分布优化调整投放点位置，"
        "适当延长投放时间，并组织志愿者开展入户宣传。",
    ),
    (
        "suggestion",
        ("建议在{district}增设口袋公园", "关于增加社区健身场地的建议"),
        "{community}附近没有像样的休闲健身场地，老人孩子只能在马路边活动，建议利用{road}沿线的闲置地块建设口袋公园，"
        "配置一些健身器材。",
        "您的建议已转交区园林和城管部门研究。相关部门将结合城市更新和口袋公园建设计划，对{road}沿线闲置地块开展"
        "实地踏勘，在符合规划的前提下统筹考虑建设休闲健身场地。",
    ),
)

_MESSAGE_OPENERS = {
    "consultation": ("您好！您咨询的问题已收悉。现答复如下：", "您好！感谢您的来信。现将有关情况答复如下："),
    "complaint": ("您好！您反映的问题已收悉。", "您好！您的来信已收悉，我们高度重视。"),
    "suggestion": ("您好！您的建议已收悉。", "您好！感谢您对我们工作的关心和支持。"),
}
_MESSAGE_CLOSERS = (
    "感谢您的关注。",
    "感谢您对我们工作的理解和支持。",
    "如有疑问，可拨打12345政务服务便民热线咨询。感谢您的关注。",
    "欢迎继续关注和监督我们的工作。",
)
_ROADS = (
    "建设路",
    "和平大道",
    "解放路",
    "中山路",
    "新华路",
    "民主路",
    "幸福路",
    "光明路",
    "胜利街",
    "文化路",
    "团结大道",
)
_COMMUNITIES = (
    "和平花园",
    "阳光新城",
    "幸福家园",
    "翠苑小区",
    "江景华庭",
    "桂园小区",
    "滨江苑",
    "丽景佳园",
    "书香门第",
)
_PROVINCES = ("广东省", "浙江省", "江苏省", "上海市", "湖南省", "河南省", "福建省")
_SHOPS = ("小餐馆", "奶茶店", "便利店", "理发店", "水果店", "早餐店")
_FOODS = ("牛奶", "面包", "酸奶", "火腿肠", "饮料", "速冻水饺")


# ---------------------------------------------------------------------------------------------------------------------
# Phrases the functions below assemble texts with; format strings take named slots.

_DIVISION_NAME = re.compile(r"^(.{2,6}?[省市州县区])")  # the province or city an organisation's name starts with
_DIVISION_SUFFIXES = "省市州县区"
_PROVINCE_SUFFIX = "省"
_WUHAN = "武汉"
_HUBEI = "湖北"
_WHOLE = "全{suffix}"  # the whole province, city ...
_DATE = "{year}年{month}月{day}日"
_MONTH_DAY = "{month}月{day}日"
_LAST_YEAR = "{year}年"
_PERIODS = ("一季度", "上半年", "前三季度")  # looked back on from the second, third and fourth quarter
_SEASONS = (("冬季", "岁末年初"), ("春季", "春耕时节"), ("夏季", "汛期"), ("秋季", "国庆假期"))  # winter first
_ADDRESSEES = {  # (a province's site, a people's government): whom an internal notice is addressed to
    (True, False): "各市、州、直管市、神农架林区{counterpart}，{s}各处室、直属各单位",
    (False, False): "各区{counterpart}，{s}各处室、直属各单位",
    (True, True): "各市、州、直管市、神农架林区人民政府，{s}各部门",
    (False, True): "各区人民政府，{s}各部门",
}

_NEWS_SUMMARY = "{lead}，{purpose}。"
_NEWS_TITLE_PADDING = "工作动态"
_NEWS_SUMMARY_PADDING = "各项工作有序推进。"
_NOTICE_TITLE_PADDING = "有关事项"
_NOTICE_CLOSING = "特此{genre}。"
_NOTICE_WITHOUT_CLOSING = "通报"
_NOTICE_SUMMARY = "{publisher}发布{title}，{tail}。"
_NOTICE_SUMMARY_SHORT = "{publisher}发布{title}。"
_NOTICE_SUMMARY_PADDING = "请及时关注。"
_RECENTLY = "近日"  # the publisher when the title names it already

_DOCUMENT_NUMBER = "{prefix}〔{year}〕{number}号"
_OBJECT_SUBJECT = "加强{object}"
_AREA_SUBJECT = "做好{area}工作"
_FURTHER = "进一步"
_ENACT = "制定本{genre}。"
_ENACT_NOTICE = "现就有关事项通知如下。"
_NOTICE_GENRE = "通知"
_ISSUING_NOTICE = re.compile(r"关于印发《(.+)》的通知$")  # a notice that issues a document: interpret the document
_INTERPRETATION_TITLE = "《{document}》政策解读"
_INTERPRETATION_BACKGROUND = (
    "出台背景",
    "{subject}事关{division}经济社会发展全局和人民群众切身利益。近年来，{division}在{area}方面做了大量工作，"
    "取得积极成效，但仍存在一些短板和不足。{org}在深入调研、广泛征求意见的基础上，研究制定了本{genre}。",
)
_INTERPRETATION_CONTENT = ("主要内容", "{name}正文共{parts}个部分，从{headings}等方面提出了具体举措。")
_INTERPRETATION_TARGET = ("适用对象", "本{genre}适用于{division}行政区域内的{targets}。")
_QUOTED_NAME = "《{document}》"
_THIS_DOCUMENT = "本{genre}"
_LIST_SEPARATOR = "、"
_NUMBERED = "{numeral}、{heading}。{body}"  # a numbered section of a notice, policy or interpretation

_BODY_PADDING = "希望尽快答复。"
_REPLY_CLOSER = "感谢您的关注。"


# ---------------------------------------------------------------------------------------------------------------------
# Building blocks


@dataclasses.dataclass(frozen=True)
class _Site:
    organisation: str
    short_name: str
    division: str
    domain: _Domain
    scope: str  # the whole province, or city
    places: tuple[str, ...]
    provincial: bool  # places are cities (a province's site) rather than districts
    media: tuple[str, ...]


def _domain_of(organisation: str) -> _Domain:
    for keyword, domain in _DOMAIN_KEYWORDS:
        if keyword in organisation:
            return domain
    return _GENERAL


def _division_of(organisation: str) -> str:
    match = _DIVISION_NAME.match(organisation)
    return match.group(1) if match else organisation[:3]


def _site(organisation: str, short_name: str, division: str) -> _Site:
    if _WUHAN in division:
        places, provincial, media = _WUHAN_PLACES, False, _WUHAN_MEDIA
    elif division.endswith(_PROVINCE_SUFFIX):
        places, provincial, media = _HUBEI_PLACES, True, _HUBEI_MEDIA if _HUBEI in division else ()
    else:
        places, provincial, media = _GENERIC_PLACES, False, ()
    suffix = division[-1] if division[-1:] in _DIVISION_SUFFIXES else _PROVINCE_SUFFIX
    scope = _WHOLE.format(suffix=suffix)
    return _Site(organisation, short_name, division, _domain_of(organisation), scope, places, provincial, media)


def _date_text(day: dt.date) -> str:
    return _DATE.format(year=day.year, month=day.month, day=day.day)


def _period(month: int, year: int) -> str:
    """The reporting period a text written in `month` looks back on."""
    return _LAST_YEAR.format(year=year - 1) if month <= 3 else _PERIODS[(month - 4) // 3]


def _slots(rng: random.Random, site: _Site, *, year: int | None = None) -> dict[str, str]:
    """Every value a template may ask for, drawn once per text so that a text is consistent in itself."""
    domain = site.domain
    if year is None:
        year = rng.choice((DEMO_YEAR - 1, DEMO_YEAR))
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    end = day + dt.timedelta(days=rng.randint(7, 30))
    area, area2 = rng.sample(domain.areas, 2)
    if rng.random() < 0.15:
        area = rng.choice(_COMMON_AREAS)
    place, place2 = rng.sample(site.places, 2)
    counterpart = domain.counterpart if site.provincial else domain.counterpart_city
    addressee = _ADDRESSEES[(site.provincial, domain is _GOVERNMENT)]
    slots = {
        "org": site.organisation,
        "s": site.short_name,
        "division": site.division,
        "scope": site.scope,
        "level": site.division[-1:],
        "addressee": addressee.format(counterpart=counterpart, s=site.short_name),
        "area": area,
        "area2": area2,
        "service": rng.choice(domain.services),
        "campaign": rng.choice(domain.campaigns),
        "office": rng.choice(domain.offices),
        "object": rng.choice(domain.policy_objects)[0],
        "targets": domain.targets,
        "place": place,
        "place2": place2,
        "place_body": place + counterpart,
        "year": str(year),
        "month": str(day.month),
        "date": _MONTH_DAY.format(month=day.month, day=day.day),
        "start": _date_text(day),
        "end": _date_text(end),
        "period": _period(day.month, year),
        "season": rng.choice(_SEASONS[day.month % 12 // 3]),
        "holiday": rng.choice(_HOLIDAYS),
        "activity": rng.choice(_ACTIVITIES),
        "listing": rng.choice(_LISTINGS),
        "aspect": rng.choice(_ASPECTS),
        "rule": rng.choice(_RULES),
        "draft": rng.choice(_DRAFTS),
        "unit": rng.choice(_UNITS),
        "check": rng.choice(_CHECKS),
        "ordinal": rng.choice(_ORDINALS),
        "n": str(rng.randint(5, 20)),
        "k": str(rng.randint(1, 5)),
        "small": str(rng.randint(3, 60)),
        "mid": str(rng.randint(100, 999)),
        "big": str(rng.randint(12, 980) * 100),
        "pct": f"{rng.uniform(1.5, 25.0):.1f}",
        "ratio": f"{rng.uniform(96.5, 99.8):.1f}",
    }
    slots["metric"] = rng.choice(domain.metrics).format_map(slots)
    return slots


def _fits(text: str, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= len(text) <= bounds[1]


def _pick(
    rng: random.Random, candidates: Sequence[str], bounds: tuple[int, int], build: Callable[[str], str]
) -> tuple[int, str] | None:
    """Try build(candidate) in a random order; the first (index, text) within bounds, or None."""
    for index in rng.sample(range(len(candidates)), len(candidates)):
        text = build(candidates[index])
        if _fits(text, bounds):
            return index, text
    return None


def _clip(text: str, bounds: tuple[int, int], padding: str) -> str:
    """Last resort for names far longer or shorter than any real one: pad (padding is not empty) or cut into bounds."""
    while len(text) < bounds[0]:
        text += padding
    return text[: bounds[1]]


def _paragraph(
    rng: random.Random,
    slots: dict[str, str],
    first: str,
    pools: Sequence[Sequence[str]],
    used: set[str],
    *,
    spread: int = 80,
    bounds: tuple[int, int] = PARAGRAPH_LENGTH,
) -> str:
    """`first`, then sentences from the pools (in order, each shuffled) up to a random length: at least the lower
    bound plus a few characters, at most `spread` more, never beyond the upper bound.

    A sentence in `used` (the text's earlier paragraphs) is taken again only when the paragraph would stay shorter
    than the lower bound otherwise. The last pool holds short generic sentences, enough to reach it."""
    low, high = bounds
    text = first[:high]
    target = rng.randint(low + 5, low + spread)
    for repeat in (False, True):
        for pool in pools:
            for pattern in rng.sample(list(pool), len(pool)):
                if len(text) >= target:
                    return text
                sentence = pattern.format_map(slots)
                if sentence in text or (sentence in used and not repeat) or len(text) + len(sentence) > high:
                    continue
                text += sentence
                used.add(sentence)
        target = low
    return text


_Text = TypeVar("_Text", ArticleText, PolicyText)


def _distinct(make: Callable[[], _Text], count: int, attempts: int = 12) -> list[_Text]:
    """`count` texts from make(), drawing again (a few times at most) when a title repeats an earlier one."""
    texts: list[_Text] = []
    titles: set[str] = set()
    for _ in range(count):
        text = make()
        for _ in range(attempts):
            if text.title not in titles:
                break
            text = make()
        titles.add(text.title)
        texts.append(text)
    return texts


def _numbered(index: int, heading: str, body: str) -> str:
    return _NUMBERED.format(numeral=_NUMERALS[index], heading=heading, body=body)


# ---------------------------------------------------------------------------------------------------------------------
# Articles


def articles(
    rng: random.Random,
    *,
    organisation: str,
    short_name: str,
    division_name: str,
    count: int,
    kind: str = "news",
) -> list[ArticleText]:
    """`count` news items or notices of one organisation's website, with distinct titles as far as can be."""
    if kind not in ARTICLE_KINDS:
        raise ValueError(f"kind must be one of {ARTICLE_KINDS}, not {kind!r}")
    site = _site(organisation, short_name, division_name)
    make = _news if kind == "news" else _notice
    return _distinct(lambda: make(rng, site), count)


def _news(rng: random.Random, site: _Site) -> ArticleText:
    slots = _slots(rng, site)
    titles = [title for _, title, _ in _NEWS_TEMPLATES]
    picked = _pick(rng, titles, TITLE_LENGTH, lambda pattern: pattern.format_map(slots))
    index, title = picked or (0, _clip(titles[0].format_map(slots), TITLE_LENGTH, _NEWS_TITLE_PADDING))
    story, _, lead_pattern = _NEWS_TEMPLATES[index]
    lead = lead_pattern.format_map(slots)
    short_lead = lead.replace(site.organisation, site.short_name)
    purposes = [purpose.format_map(slots) for purpose in _NEWS_PURPOSES[story]]
    summary = _pick(rng, purposes, SUMMARY_LENGTH, lambda purpose: _NEWS_SUMMARY.format(lead=lead, purpose=purpose))
    summary = summary or _pick(
        rng, purposes, SUMMARY_LENGTH, lambda purpose: _NEWS_SUMMARY.format(lead=short_lead, purpose=purpose)
    )
    purpose = purposes[summary[0]] if summary else purposes[0]
    opening = _NEWS_SUMMARY.format(lead=lead, purpose=purpose)  # the full name even when the summary is short of it
    if summary:
        summary_text = summary[1]
    else:  # a name or place far longer or shorter than the demo's
        summary_text = _NEWS_SUMMARY.format(lead=short_lead, purpose=purpose)
        summary_text = _clip(summary_text, SUMMARY_LENGTH, _NEWS_SUMMARY_PADDING)

    used: set[str] = set()
    paragraphs = [_paragraph(rng, slots, opening, [_NEWS_CONTEXT[story], _FILLERS], used)]
    middles = _NEWS_MIDDLES[story]
    for middle in middles[: rng.randint(1, len(middles))]:
        if middle == "demands":
            first = _NEWS_DEMAND_OPENERS[story].format_map(slots) + rng.choice(_NEWS_DEMANDS).format_map(slots)
            paragraphs.append(_paragraph(rng, slots, first, [_NEWS_DEMANDS, _FILLERS], used))
        else:
            paragraphs.append(_paragraph(rng, slots, "", [_NEWS_POOLS[middle], _FILLERS], used))
    paragraphs.append(_paragraph(rng, slots, "", [_NEWS_CLOSINGS, _FILLERS], used))
    source = site.organisation
    if site.media and rng.random() < 0.35:
        source = rng.choice(site.media)
    return ArticleText(title=title, summary=summary_text, paragraphs=paragraphs, source=source, kind="news")


def _notice(rng: random.Random, site: _Site) -> ArticleText:
    slots = _slots(rng, site)
    titles = [template.title for template in _NOTICE_TEMPLATES]
    picked = _pick(rng, titles, TITLE_LENGTH, lambda pattern: pattern.format_map(slots))
    index, title = picked or (1, _clip(titles[1].format_map(slots), TITLE_LENGTH, _NOTICE_TITLE_PADDING))
    template = _NOTICE_TEMPLATES[index]
    genre = template.genre
    slots["genre"] = genre
    slots["subject"] = template.subject.format_map(slots)
    slots["goal"] = (template.goal or rng.choice(_NOTICE_GOALS)).format_map(slots)

    used: set[str] = set()
    fillers = _NOTICE_FILLERS["internal" if template.opening in ("internal", "report") else "public"]
    opening = _NOTICE_OPENINGS[template.opening].format_map(slots)
    paragraphs = [_paragraph(rng, slots, opening, [fillers], used, spread=30)]
    pool = _NOTICE_SECTIONS[template.sections]
    chosen = sorted(rng.sample(range(len(pool)), rng.randint(min(2, len(pool)), min(4, len(pool)))))
    sections = [pool[i] for i in chosen] + [_NOTICE_CONTACTS.get(template.sections, _NOTICE_DEFAULT_CONTACT)]
    closing = "" if genre == _NOTICE_WITHOUT_CLOSING else _NOTICE_CLOSING.format(genre=genre)
    for number, (heading, body) in enumerate(sections):
        first = _numbered(number, heading, body.format_map(slots))
        if number < len(sections) - 1:
            paragraphs.append(_paragraph(rng, slots, first, [fillers], used, spread=30))
        else:
            bounds = (PARAGRAPH_LENGTH[0] - len(closing), PARAGRAPH_LENGTH[1] - len(closing))
            paragraphs.append(_paragraph(rng, slots, first, [fillers], used, spread=30, bounds=bounds) + closing)

    publisher = _RECENTLY if title.startswith(site.short_name) else site.short_name
    tails = list(_NOTICE_TAILS)
    summary = _pick(
        rng, tails, SUMMARY_LENGTH, lambda tail: _NOTICE_SUMMARY.format(publisher=publisher, title=title, tail=tail)
    )
    if summary:
        summary_text = summary[1]
    else:
        summary_text = _NOTICE_SUMMARY_SHORT.format(publisher=publisher, title=title)
        summary_text = _clip(summary_text, SUMMARY_LENGTH, _NOTICE_SUMMARY_PADDING)
    source = site.organisation
    return ArticleText(title=title, summary=summary_text, paragraphs=paragraphs, source=source, kind="notice")


# ---------------------------------------------------------------------------------------------------------------------
# Policies


def policies(rng: random.Random, *, organisation: str, prefix: str, year: int, count: int) -> list[PolicyText]:
    """`count` policy documents issued by `organisation` in `year`, with distinct document numbers under `prefix`
    (ascending in the list) and distinct titles as far as can be."""
    site = _site(organisation, organisation, _division_of(organisation))
    numbers = iter(sorted(rng.sample(range(1, max(60, 3 * count) + 1), count)))
    drafts = _distinct(lambda: _policy(rng, site, year), count)
    return [
        dataclasses.replace(draft, document_number=_DOCUMENT_NUMBER.format(prefix=prefix, year=year, number=number))
        for draft, number in zip(drafts, numbers, strict=True)
    ]


def _policy(rng: random.Random, site: _Site, year: int) -> PolicyText:
    """A policy document without its number yet."""
    domain = site.domain
    slots = _slots(rng, site, year=year)
    title_pattern, genre, kind = rng.choice(_POLICY_TEMPLATES)
    action, action_area, action_topic = rng.choice(domain.policy_actions)
    obj, object_topic = rng.choice(domain.policy_objects)
    if kind == "action":
        subject, area, topic = action, action_area, action_topic
    elif kind == "object":
        subject, area, topic = _OBJECT_SUBJECT.format(object=obj), obj, object_topic
    else:
        subject, area, topic = _AREA_SUBJECT.format(area=slots["area"]), slots["area"], domain.topic
    slots.update(
        action=action,
        object=obj,
        area=area,
        adv=rng.choice(_ADVERBS),
        year2=str(year + 2),
        end_year=str(year + rng.choice((2, 3, 5))),
        genre=genre,
        subject=subject,
        subject_goal=subject if subject.startswith(_FURTHER) else _FURTHER + subject,
        goal=rng.choice(_POLICY_GOALS),
        enact=_ENACT_NOTICE if genre == _NOTICE_GENRE else _ENACT.format(genre=genre),
    )
    title = title_pattern.format_map(slots)

    used: set[str] = set()
    preamble = rng.choice(_POLICY_PREAMBLES).format_map(slots)
    paragraphs = [_paragraph(rng, slots, preamble, [_POLICY_FILLERS], used, spread=50)]
    chosen = sorted(rng.sample(range(len(_POLICY_SECTIONS)), rng.randint(3, 8)))
    for number, section in enumerate(chosen):
        heading, sentences = _POLICY_SECTIONS[section]
        first = _numbered(number, heading, sentences[0].format_map(slots))
        paragraphs.append(_paragraph(rng, slots, first, [sentences[1:], _POLICY_FILLERS], used, spread=50))
    closing = _POLICY_CLOSING.format_map(slots)
    paragraphs.append(_paragraph(rng, slots, closing, [_POLICY_FILLERS], used, spread=20))

    issued = _ISSUING_NOTICE.search(title)
    document = issued.group(1) if issued else title
    headings = [_POLICY_SECTIONS[i][0] for i in chosen]
    return PolicyText(
        title=title,
        document_number="",
        issuer=site.organisation,
        topic=topic,
        paragraphs=paragraphs,
        interpretation_title=_INTERPRETATION_TITLE.format(document=document),
        interpretation_paragraphs=_interpretation(rng, slots, document, headings),
    )


def _interpretation(rng: random.Random, slots: dict[str, str], document: str, headings: list[str]) -> list[str]:
    """Background, main content and who it applies to, then some of highlights, validity and where to ask."""
    name = _QUOTED_NAME.format(document=document) if len(document) <= 60 else _THIS_DOCUMENT.format_map(slots)
    content_slots = {
        **slots,
        "name": name,
        "parts": _NUMERALS[len(headings) - 1],
        "headings": _LIST_SEPARATOR.join(headings[:3]),
    }
    sections = [_INTERPRETATION_BACKGROUND, _INTERPRETATION_CONTENT, _INTERPRETATION_TARGET]
    optional = sorted(rng.sample(range(len(_INTERPRETATION_OPTIONAL)), rng.randint(0, 3)))
    sections += [_INTERPRETATION_OPTIONAL[i] for i in optional]
    used: set[str] = set()
    paragraphs = []
    for number, (heading, body) in enumerate(sections):
        first = _numbered(number, heading, body.format_map(content_slots))
        paragraphs.append(_paragraph(rng, slots, first, [_POLICY_FILLERS], used, spread=30))
    return paragraphs


# ---------------------------------------------------------------------------------------------------------------------
# Citizen messages


def message_texts(rng: random.Random, *, count: int) -> list[tuple[str, str, str, str]]:
    """`count` citizen messages to a government site with the department's reply: (kind, title, body, reply)."""
    return [_message(rng) for _ in range(count)]


def _message(rng: random.Random) -> tuple[str, str, str, str]:
    kind, titles, body, answer = rng.choice(_MESSAGE_CASES)
    day = dt.date(DEMO_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
    road, road2 = rng.sample(_ROADS, 2)
    slots = {
        "district": rng.choice(_WUHAN_PLACES),
        "city": rng.choice(_HUBEI_PLACES[1:]),  # not Wuhan itself
        "province": rng.choice(_PROVINCES),
        "community": rng.choice(_COMMUNITIES),
        "road": road,
        "road2": road2,
        "shop": rng.choice(_SHOPS),
        "food": rng.choice(_FOODS),
        "year": str(DEMO_YEAR),
        "month": str(day.month),
        "day": str(day.day),
        "years": str(rng.randint(2, 12)),
        "months": str(rng.randint(2, 6)),
        "workers": str(rng.randint(5, 30)),
    }
    title = rng.choice(titles).format_map(slots)
    body = _clip(body.format_map(slots), BODY_LENGTH, _BODY_PADDING)
    answer = answer.format_map(slots)
    reply = rng.choice(_MESSAGE_OPENERS[kind]) + answer + rng.choice(_MESSAGE_CLOSERS)
    if not _fits(reply, REPLY_LENGTH):
        reply = _clip(_MESSAGE_OPENERS[kind][0] + answer + _REPLY_CLOSER, REPLY_LENGTH, _REPLY_CLOSER)
    return kind, title, body, reply
