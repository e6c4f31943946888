//! The format's content: every section, text field, table, row and column
//! of 国办公开办函〔2021〕30号, with labels, addresses and guidance.

use super::types::{Column, Content, Kind, Layout, Row, Section, Table, TextField};

// ---------------------------------------------------------------------------
// Front matter and text sections

pub(super) const META_FIELDS: &[TextField] = &[
    TextField {
        address: "meta.organ",
        label: "机关名称",
        kind: Kind::Text,
        multiline: false,
        help: "发布报告的行政机关全称，例如：阜新市煤炭工业转型发展局。",
        optional: false,
    },
    TextField {
        address: "meta.year",
        label: "报告年度",
        kind: Kind::Year,
        multiline: false,
        help: "报告所统计的年度（次年年初发布），例如 2021。",
        optional: false,
    },
    TextField {
        address: "meta.date",
        label: "落款日期",
        kind: Kind::Date,
        multiline: false,
        help: "报告的发布日期，例如 2022年1月20日。",
        optional: false,
    },
    TextField {
        address: "preamble",
        label: "导语",
        kind: Kind::Text,
        multiline: true,
        help: "说明报告的编制依据、统计期限（××××年1月1日至12月31日）、电子版查阅方式和联系方式。",
        optional: false,
    },
];

pub(super) const OVERVIEW_FIELDS: &[TextField] = &[
    TextField {
        address: "overview.lead",
        label: "总体情况导语（可选）",
        kind: Kind::Text,
        multiline: true,
        help: "（一）之前的开头段落（可不填）：本年度政务公开工作的总体概述。导出时不加小标题。",
        optional: true,
    },
    TextField {
        address: "overview.proactive",
        label: "（一）主动公开",
        kind: Kind::Text,
        multiline: true,
        help: "主动公开政府信息的总体情况：发布渠道、条数、重点领域信息、政策解读等。",
        optional: false,
    },
    TextField {
        address: "overview.on_request",
        label: "（二）依申请公开",
        kind: Kind::Text,
        multiline: true,
        help: "收到和办理政府信息公开申请的情况；引用的件数须与表三一致。",
        optional: false,
    },
    TextField {
        address: "overview.management",
        label: "（三）政府信息管理",
        kind: Kind::Text,
        multiline: true,
        help: "信息发布审核、保密审查、政策文件清理和动态更新等管理情况。",
        optional: false,
    },
    TextField {
        address: "overview.platforms",
        label: "（四）政府信息公开平台建设",
        kind: Kind::Text,
        multiline: true,
        help: "政府网站、政务新媒体、公开专栏等平台的建设和运行情况。",
        optional: false,
    },
    TextField {
        address: "overview.oversight",
        label: "（五）监督保障",
        kind: Kind::Text,
        multiline: true,
        help: "组织领导、制度建设、培训、监督检查；人民政府还须报告工作考核、社会评议和责任追究结果情况。",
        optional: false,
    },
];

pub(super) const PROBLEMS_FIELDS: &[TextField] = &[TextField {
    address: "problems",
    label: "五、存在的主要问题及改进情况",
    kind: Kind::Text,
    multiline: true,
    help: "通常分两部分：上年度问题的整改情况，本年度存在的问题及改进措施。",
    optional: false,
}];

pub(super) const OTHER_FIELDS: &[TextField] = &[TextField {
    address: "other_matters",
    label: "六、其他需要报告的事项",
    kind: Kind::Text,
    multiline: true,
    help: "须说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（或未收取）。",
    optional: false,
}];

// ---------------------------------------------------------------------------
// 表二 proactive

pub(super) const PROACTIVE_DOC_COLUMNS: &[Column] = &[
    Column { key: "issued", label: "本年制发件数", path: &[], kind: Kind::Count },
    Column { key: "repealed", label: "本年废止件数", path: &[], kind: Kind::Count },
    Column { key: "in_force", label: "现行有效件数", path: &[], kind: Kind::Count },
];

pub(super) const PROACTIVE_DECISION_COLUMNS: &[Column] =
    &[Column { key: "decisions", label: "本年处理决定数量", path: &[], kind: Kind::Count }];

pub(super) const PROACTIVE_FEE_COLUMNS: &[Column] =
    &[Column {
        key: "amount", label: "本年收费金额（单位：万元）", path: &[], kind: Kind::Amount
    }];

pub(super) const ITEM_1: &str = "第二十条第（一）项";
pub(super) const ITEM_5: &str = "第二十条第（五）项";
pub(super) const ITEM_6: &str = "第二十条第（六）项";
pub(super) const ITEM_8: &str = "第二十条第（八）项";

pub(super) const PROACTIVE_ROWS: &[Row] = &[
    Row {
        key: "rules",
        label: "规章",
        path: &[ITEM_1],
        columns: PROACTIVE_DOC_COLUMNS,
        help: "本机关制定的规章：本年新制定、本年废止、截至年底现行有效的件数。",
    },
    Row {
        key: "normative_docs",
        label: "行政规范性文件",
        path: &[ITEM_1],
        columns: PROACTIVE_DOC_COLUMNS,
        help: "本机关制发的行政规范性文件：本年制发、本年废止、截至年底现行有效的件数。",
    },
    Row {
        key: "licensing",
        label: "行政许可",
        path: &[ITEM_5],
        columns: PROACTIVE_DECISION_COLUMNS,
        help: "本年作出的行政许可处理决定数量。",
    },
    Row {
        key: "penalty",
        label: "行政处罚",
        path: &[ITEM_6],
        columns: PROACTIVE_DECISION_COLUMNS,
        help: "本年作出的行政处罚决定数量。",
    },
    Row {
        key: "coercion",
        label: "行政强制",
        path: &[ITEM_6],
        columns: PROACTIVE_DECISION_COLUMNS,
        help: "本年作出的行政强制决定数量。",
    },
    Row {
        key: "fees",
        label: "行政事业性收费",
        path: &[ITEM_8],
        columns: PROACTIVE_FEE_COLUMNS,
        help: "本年行政事业性收费金额，单位万元，可有小数（如 4068.208）。",
    },
];

pub static PROACTIVE: Table = Table {
    key: "proactive",
    title: "二、主动公开政府信息情况",
    guidance: "按《条例》第二十条各项填报本年主动公开的规章、行政规范性文件、行政许可、行政处罚、行政强制决定数量和行政事业性收费金额。没有的填 0。",
    rows: PROACTIVE_ROWS,
    layout: Layout::Blocks { item_header: "信息内容" },
};

// ---------------------------------------------------------------------------
// 表三 requests

pub(super) const APPLICANTS: &str = "申请人情况";
pub(super) const ORGANISATIONS: &str = "法人或其他组织";

pub(super) const REQUEST_COLUMNS: &[Column] = &[
    Column { key: "natural_person", label: "自然人", path: &[APPLICANTS], kind: Kind::Count },
    Column {
        key: "commercial", label: "商业企业", path: &[APPLICANTS, ORGANISATIONS], kind: Kind::Count
    },
    Column { key: "research", label: "科研机构", path: &[APPLICANTS, ORGANISATIONS], kind: Kind::Count },
    Column {
        key: "nonprofit", label: "社会公益组织", path: &[APPLICANTS, ORGANISATIONS], kind: Kind::Count
    },
    Column {
        key: "legal_services",
        label: "法律服务机构",
        path: &[APPLICANTS, ORGANISATIONS],
        kind: Kind::Count,
    },
    Column { key: "other_org", label: "其他", path: &[APPLICANTS, ORGANISATIONS], kind: Kind::Count },
    Column { key: "total", label: "总计", path: &[APPLICANTS], kind: Kind::Count },
];

pub(super) const RESULTS: &str = "三、本年度办理结果";
pub(super) const DENIED: &str = "（三）不予公开";
pub(super) const UNAVAILABLE: &str = "（四）无法提供";
pub(super) const DISMISSED: &str = "（五）不予处理";
pub(super) const OTHER: &str = "（六）其他处理";

macro_rules! request_row {
    ($key:literal, $label:literal, [$($p:expr),*], $help:literal) => {
        Row {
            key: $key,
            label: $label,
            path: &[$($p),*],
            columns: REQUEST_COLUMNS,
            help: $help,
        }
    };
}

pub(super) const REQUEST_ROWS: &[Row] = &[
    request_row!(
        "new",
        "一、本年新收政府信息公开申请数量",
        [],
        "本年内收到的政府信息公开申请件数，按申请人类型分列。"
    ),
    request_row!(
        "carried_in",
        "二、上年结转政府信息公开申请数量",
        [],
        "上年度未办结、结转到本年办理的申请件数（应等于上年报告的“结转下年度继续办理”）。"
    ),
    request_row!("granted", "（一）予以公开", [RESULTS], "全部予以公开的申请件数。"),
    request_row!(
        "partly_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        [RESULTS],
        "区分处理、部分公开的申请件数；计入此项的不再计入其他情形。"
    ),
    request_row!(
        "denied_state_secret",
        "1.属于国家秘密",
        [RESULTS, DENIED],
        "因属于国家秘密而不予公开的件数。"
    ),
    request_row!(
        "denied_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        [RESULTS, DENIED],
        "因其他法律、行政法规禁止公开而不予公开的件数。"
    ),
    request_row!(
        "denied_security_stability",
        "3.危及“三安全一稳定”",
        [RESULTS, DENIED],
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定的件数。"
    ),
    request_row!(
        "denied_third_party",
        "4.保护第三方合法权益",
        [RESULTS, DENIED],
        "涉及商业秘密、个人隐私等，为保护第三方合法权益不予公开的件数。"
    ),
    request_row!(
        "denied_internal_affairs",
        "5.属于三类内部事务信息",
        [RESULTS, DENIED],
        "人事管理、后勤管理、内部工作流程等内部事务信息。"
    ),
    request_row!(
        "denied_deliberative",
        "6.属于四类过程性信息",
        [RESULTS, DENIED],
        "讨论记录、过程稿、磋商信函、请示报告等过程性信息。"
    ),
    request_row!("denied_enforcement_file", "7.属于行政执法案卷", [RESULTS, DENIED], "行政执法案卷信息。"),
    request_row!(
        "denied_inquiry",
        "8.属于行政查询事项",
        [RESULTS, DENIED],
        "法律、行政法规规定应通过查询途径获取的信息。"
    ),
    request_row!(
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        [RESULTS, UNAVAILABLE],
        "本机关不掌握所申请信息的件数。"
    ),
    request_row!(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        [RESULTS, UNAVAILABLE],
        "需要另行制作、加工、分析才能提供的件数。"
    ),
    request_row!(
        "unavailable_unclear",
        "3.补正后申请内容仍不明确",
        [RESULTS, UNAVAILABLE],
        "经补正后申请内容仍不明确的件数。"
    ),
    request_row!(
        "dismissed_petition",
        "1.信访举报投诉类申请",
        [RESULTS, DISMISSED],
        "以申请形式提出的信访、举报、投诉等诉求。"
    ),
    request_row!(
        "dismissed_repeated",
        "2.重复申请",
        [RESULTS, DISMISSED],
        "重复申请公开相同政府信息的件数。"
    ),
    request_row!(
        "dismissed_publication",
        "3.要求提供公开出版物",
        [RESULTS, DISMISSED],
        "要求提供公开出版物的件数。"
    ),
    request_row!(
        "dismissed_excessive",
        "4.无正当理由大量反复申请",
        [RESULTS, DISMISSED],
        "无正当理由大量、反复申请的件数。"
    ),
    request_row!(
        "dismissed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        [RESULTS, DISMISSED],
        "要求确认或重新出具已获取信息的件数。"
    ),
    request_row!(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        [RESULTS, OTHER],
        "申请人逾期不补正、不再处理的件数。"
    ),
    request_row!(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        [RESULTS, OTHER],
        "申请人逾期未缴纳信息处理费、不再处理的件数。"
    ),
    request_row!("other_misc", "3.其他", [RESULTS, OTHER], "其他处理情形的件数（如申请人撤回申请）。"),
    request_row!(
        "outcome_total",
        "（七）总计",
        [RESULTS],
        "本年办结的申请总数：等于（一）至（六）各项之和。"
    ),
    request_row!("carried_out", "四、结转下年度继续办理", [], "年底尚未办结、结转到下年度办理的件数。"),
];

pub static REQUESTS: Table = Table {
    key: "requests",
    title: "三、收到和处理政府信息公开申请情况",
    guidance: "按申请人类型（自然人、法人或其他组织五类）分列本年收到和办理政府信息公开申请的情况。每件申请只计入一种办理结果（部分公开优先）。勾稽关系：每列“一”加“二”等于“（七）总计”加“四”；“总计”列等于前六列之和；“（七）总计”等于（一）至（六）各项之和。没有申请的机关也须填报全 0 的表格。",
    rows: REQUEST_ROWS,
    layout: Layout::Grid {
        corner: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    },
};

// ---------------------------------------------------------------------------
// 表四 appeals

pub(super) const APPEAL_COLUMNS: &[Column] = &[
    Column { key: "upheld", label: "结果维持", path: &[], kind: Kind::Count },
    Column { key: "corrected", label: "结果纠正", path: &[], kind: Kind::Count },
    Column { key: "other", label: "其他结果", path: &[], kind: Kind::Count },
    Column { key: "pending", label: "尚未审结", path: &[], kind: Kind::Count },
    Column { key: "total", label: "总计", path: &[], kind: Kind::Count },
];

pub(super) const LITIGATION: &str = "行政诉讼";

pub(super) const APPEAL_ROWS: &[Row] = &[
    Row {
        key: "review",
        label: "行政复议",
        path: &[],
        columns: APPEAL_COLUMNS,
        help: "本年因政府信息公开被申请行政复议的案件，按复议结果分列；总计为四项之和。",
    },
    Row {
        key: "suit_direct",
        label: "未经复议直接起诉",
        path: &[LITIGATION],
        columns: APPEAL_COLUMNS,
        help: "未经复议、直接提起行政诉讼的政府信息公开案件，按判决结果分列。",
    },
    Row {
        key: "suit_after_review",
        label: "复议后起诉",
        path: &[LITIGATION],
        columns: APPEAL_COLUMNS,
        help: "经行政复议后又提起行政诉讼的政府信息公开案件，按判决结果分列。",
    },
];

pub static APPEALS: Table = Table {
    key: "appeals",
    title: "四、政府信息公开行政复议、行政诉讼情况",
    guidance: "填报本年因政府信息公开引起的行政复议和行政诉讼案件数：结果维持、结果纠正、其他结果、尚未审结，总计为四项之和。",
    rows: APPEAL_ROWS,
    layout: Layout::Groups,
};

/// The report's sections, in print order.
pub static SECTIONS: &[Section] = &[
    Section {
        key: "meta",
        title: "",
        short: "基本信息",
        guidance: "报告的标题、导语和落款：机关名称、报告年度、落款日期，以及说明编制依据、统计期限、查阅方式和联系方式的导语。部门报告于次年1月31日前、人民政府报告于3月31日前公布。",
        content: Content::Fields(META_FIELDS),
    },
    Section {
        key: "overview",
        title: "一、总体情况",
        short: "一、总体情况",
        guidance: "概述本机关贯彻落实《条例》的情况，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等方面；人民政府还须在监督保障中报告工作考核、社会评议和责任追究结果情况。这里引用的数字须与后面的表格一致。",
        content: Content::Fields(OVERVIEW_FIELDS),
    },
    Section {
        key: "proactive",
        title: PROACTIVE.title,
        short: "二、主动公开",
        guidance: PROACTIVE.guidance,
        content: Content::Table(&PROACTIVE),
    },
    Section {
        key: "requests",
        title: REQUESTS.title,
        short: "三、依申请",
        guidance: REQUESTS.guidance,
        content: Content::Table(&REQUESTS),
    },
    Section {
        key: "appeals",
        title: APPEALS.title,
        short: "四、复议诉讼",
        guidance: APPEALS.guidance,
        content: Content::Table(&APPEALS),
    },
    Section {
        key: "problems",
        title: "五、存在的主要问题及改进情况",
        short: "五、问题改进",
        guidance: "通常分两部分：上年度存在问题的整改情况，本年度存在的主要问题和下一步改进措施。",
        content: Content::Fields(PROBLEMS_FIELDS),
    },
    Section {
        key: "other_matters",
        title: "六、其他需要报告的事项",
        short: "六、其他事项",
        guidance: "须说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（未收取的也须说明）。常见内容还有：年度政务公开工作要点落实情况、人大代表建议和政协提案办理结果公开情况、创新情况。",
        content: Content::Fields(OTHER_FIELDS),
    },
];

/// The three tables, in print order.
pub static TABLES: [&Table; 3] = [&PROACTIVE, &REQUESTS, &APPEALS];
