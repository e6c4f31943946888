//! The official 2021 national format as data: the one place where labels,
//! addresses, guidance and tally relations live.
//!
//! Everything else (the RON schema in `model`, the rules, the wizard, the
//! exporters) walks these declarations; no label or address is typed
//! anywhere else. The source is 国办公开办函〔2021〕30号 as transcribed in
//! `shared/spec/format-2021.md`.
//!
//! Design choice: a table is a list of rows, each row a list of value
//! columns, and both rows and columns carry a *path* of group labels above
//! them. The official merged headers (row spans and column spans) are
//! derived from those paths by [`header_bands`], so a group label such as
//! 法人或其他组织 is written once and its span can never disagree with the
//! columns under it. The cost is that a table whose official layout is not
//! a plain grid (表二's blocks, 表四's single data row) names its layout in
//! [`Layout`] and the renderers handle each of the three shapes.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The value written in the `format` field of every draft.
pub const FORMAT_VERSION: &str = "2021";

/// The report's name, after the organ and year in its title.
pub const REPORT_NAME: &str = "政府信息公开工作年度报告";

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (one line or a multi-line narrative).
    Text,
    /// A non-negative whole number of items.
    Count,
    /// A non-negative exact decimal amount (万元).
    Amount,
    /// A calendar year.
    Year,
    /// A calendar date, kept as text in one form: `2026年1月15日`.
    Date,
}

/// A value column of a table.
#[derive(Debug)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    /// Group headers above this column, outermost first.
    pub path: &'static [&'static str],
    pub kind: Kind,
}

/// A row of a table.
#[derive(Debug)]
pub struct Row {
    pub key: &'static str,
    pub label: &'static str,
    /// Group labels this row sits under, outermost first.
    pub path: &'static [&'static str],
    pub columns: &'static [Column],
    /// What to count in this row, for first-time users.
    pub help: &'static str,
}

/// How the official format lays a table out on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// 表二: blocks headed by a 第二十条 item line, each with a 信息内容
    /// header row; a row's path holds its block title.
    Blocks { item_header: &'static str },
    /// 表三: a corner cell, multi-level column headers derived from the
    /// column paths, multi-level row labels derived from the row paths.
    Grid { corner: &'static str },
    /// 表四: the rows are column groups side by side, over one data row.
    Groups,
}

/// One of the three tables.
#[derive(Debug)]
pub struct Table {
    pub key: &'static str,
    pub title: &'static str,
    pub guidance: &'static str,
    pub rows: &'static [Row],
    pub layout: Layout,
}

impl Table {
    /// The columns shared by every row, for tables whose rows all have the
    /// same columns (表三, 表四); `None` for 表二.
    #[must_use]
    pub fn uniform_columns(&self) -> Option<&'static [Column]> {
        let first = self.rows.first()?.columns;
        self.rows.iter().all(|r| std::ptr::eq(r.columns, first)).then_some(first)
    }

    /// Row index by key.
    #[must_use]
    pub fn row(&self, key: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.key == key)
    }
}

/// A text field outside the tables.
#[derive(Debug)]
pub struct TextField {
    pub address: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub multiline: bool,
    pub help: &'static str,
    /// An optional paragraph with no sub-heading of its own (一's lead
    /// paragraph): never reported missing, printed without its label.
    pub optional: bool,
}

/// What a section of the report holds.
#[derive(Debug)]
pub enum Content {
    Fields(&'static [TextField]),
    Table(&'static Table),
}

/// A section of the report, in the order the report prints them.
#[derive(Debug)]
pub struct Section {
    /// Short stable id (used by `--goto` and the wizard's step list).
    pub key: &'static str,
    /// Heading as printed in the report (empty for the front matter).
    pub title: &'static str,
    /// Short name for the step list.
    pub short: &'static str,
    pub guidance: &'static str,
    pub content: Content,
}

// ---------------------------------------------------------------------------
// Front matter and text sections

const META_FIELDS: &[TextField] = &[
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

const OVERVIEW_FIELDS: &[TextField] = &[
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

const PROBLEMS_FIELDS: &[TextField] = &[TextField {
    address: "problems",
    label: "五、存在的主要问题及改进情况",
    kind: Kind::Text,
    multiline: true,
    help: "通常分两部分：上年度问题的整改情况，本年度存在的问题及改进措施。",
    optional: false,
}];

const OTHER_FIELDS: &[TextField] = &[TextField {
    address: "other_matters",
    label: "六、其他需要报告的事项",
    kind: Kind::Text,
    multiline: true,
    help: "须说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（或未收取）。",
    optional: false,
}];

// ---------------------------------------------------------------------------
// 表二 proactive

const PROACTIVE_DOC_COLUMNS: &[Column] = &[
    Column { key: "issued", label: "本年制发件数", path: &[], kind: Kind::Count },
    Column { key: "repealed", label: "本年废止件数", path: &[], kind: Kind::Count },
    Column { key: "in_force", label: "现行有效件数", path: &[], kind: Kind::Count },
];

const PROACTIVE_DECISION_COLUMNS: &[Column] =
    &[Column { key: "decisions", label: "本年处理决定数量", path: &[], kind: Kind::Count }];

const PROACTIVE_FEE_COLUMNS: &[Column] =
    &[Column {
        key: "amount", label: "本年收费金额（单位：万元）", path: &[], kind: Kind::Amount
    }];

const ITEM_1: &str = "第二十条第（一）项";
const ITEM_5: &str = "第二十条第（五）项";
const ITEM_6: &str = "第二十条第（六）项";
const ITEM_8: &str = "第二十条第（八）项";

const PROACTIVE_ROWS: &[Row] = &[
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

const APPLICANTS: &str = "申请人情况";
const ORGANISATIONS: &str = "法人或其他组织";

const REQUEST_COLUMNS: &[Column] = &[
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

const RESULTS: &str = "三、本年度办理结果";
const DENIED: &str = "（三）不予公开";
const UNAVAILABLE: &str = "（四）无法提供";
const DISMISSED: &str = "（五）不予处理";
const OTHER: &str = "（六）其他处理";

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

const REQUEST_ROWS: &[Row] = &[
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

const APPEAL_COLUMNS: &[Column] = &[
    Column { key: "upheld", label: "结果维持", path: &[], kind: Kind::Count },
    Column { key: "corrected", label: "结果纠正", path: &[], kind: Kind::Count },
    Column { key: "other", label: "其他结果", path: &[], kind: Kind::Count },
    Column { key: "pending", label: "尚未审结", path: &[], kind: Kind::Count },
    Column { key: "total", label: "总计", path: &[], kind: Kind::Count },
];

const LITIGATION: &str = "行政诉讼";

const APPEAL_ROWS: &[Row] = &[
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

// ---------------------------------------------------------------------------
// Tally relations

/// A rule identifier with its severity, as the spec lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

pub const RULE_BALANCE: &str = "requests.balance";
pub const RULE_ROW_TOTAL: &str = "requests.row_total";
pub const RULE_OUTCOME_TOTAL: &str = "requests.outcome_total";
pub const RULE_GROUP_TOTAL: &str = "appeals.group_total";
pub const RULE_MISSING: &str = "missing";
pub const RULE_CARRY_OVER: &str = "requests.carry_over";
pub const RULE_IN_FORCE: &str = "proactive.in_force";
/// Not in the national format: a count quoted in 一（二） that disagrees
/// with 表三 (a warning; see `prose.rs`).
pub const RULE_PROSE_NUMBERS: &str = "prose.numbers";
/// Not in the national format: 落款日期 that is not a date, or later than
/// 31 January of the following year, the deadline of the regulations
/// (《政府信息公开条例》第五十条). A warning.
pub const RULE_DATE: &str = "meta.date";

/// A declared tally: for every instance, `target = Σ plus − Σ minus`.
#[derive(Debug)]
pub enum Tally {
    /// In each row of `table`, column `total` equals the sum of the others.
    RowSum { rule: &'static str, table: &'static Table, total: &'static str },
    /// In each column of `table`, row `total` equals the sum of the rows
    /// from `first` to `last` inclusive.
    ColumnSum {
        rule: &'static str,
        table: &'static Table,
        total: &'static str,
        first: &'static str,
        last: &'static str,
    },
    /// In each column of `table`, `target = Σ plus − Σ minus`.
    ColumnBalance {
        rule: &'static str,
        table: &'static Table,
        target: &'static str,
        plus: &'static [&'static str],
        minus: &'static [&'static str],
    },
}

/// Every in-year tally of the format, as the spec's rule table lists them.
pub static TALLIES: &[Tally] = &[
    Tally::ColumnBalance {
        rule: RULE_BALANCE,
        table: &REQUESTS,
        target: "carried_out",
        plus: &["new", "carried_in"],
        minus: &["outcome_total"],
    },
    Tally::RowSum { rule: RULE_ROW_TOTAL, table: &REQUESTS, total: "total" },
    Tally::ColumnSum {
        rule: RULE_OUTCOME_TOTAL,
        table: &REQUESTS,
        total: "outcome_total",
        first: "granted",
        last: "other_misc",
    },
    Tally::RowSum { rule: RULE_GROUP_TOTAL, table: &APPEALS, total: "total" },
];

/// One instance of a tally: `target = Σ plus − Σ minus`, all field ids.
#[derive(Debug, Clone)]
pub struct TallyInstance {
    pub rule: &'static str,
    pub target: FieldId,
    pub plus: Vec<FieldId>,
    pub minus: Vec<FieldId>,
}

impl TallyInstance {
    /// Every cell that takes part in this instance, the target first.
    pub fn cells(&self) -> impl Iterator<Item = FieldId> + '_ {
        std::iter::once(self.target).chain(self.plus.iter().copied().chain(self.minus.iter().copied()))
    }
}

fn expand_tally(t: &Tally, s: &Schema) -> Vec<TallyInstance> {
    let cell = |table: &Table, row: usize, col: usize| s.cell_id(table, row, col);
    match *t {
        Tally::RowSum { rule, table, total } => (0..table.rows.len())
            .filter_map(|r| {
                let cols = table.rows[r].columns;
                let t = cols.iter().position(|c| c.key == total)?;
                Some(TallyInstance {
                    rule,
                    target: cell(table, r, t),
                    plus: (0..cols.len()).filter(|&c| c != t).map(|c| cell(table, r, c)).collect(),
                    minus: Vec::new(),
                })
            })
            .collect(),
        Tally::ColumnSum { rule, table, total, first, last } => {
            let (Some(t), Some(f), Some(l), Some(cols)) =
                (table.row(total), table.row(first), table.row(last), table.uniform_columns())
            else {
                return Vec::new();
            };
            (0..cols.len())
                .map(|c| TallyInstance {
                    rule,
                    target: cell(table, t, c),
                    plus: (f..=l).map(|r| cell(table, r, c)).collect(),
                    minus: Vec::new(),
                })
                .collect()
        }
        Tally::ColumnBalance { rule, table, target, plus, minus } => {
            let (Some(t), Some(cols)) = (table.row(target), table.uniform_columns()) else {
                return Vec::new();
            };
            let rows = |keys: &[&str]| -> Vec<usize> { keys.iter().filter_map(|k| table.row(k)).collect() };
            let (plus, minus) = (rows(plus), rows(minus));
            (0..cols.len())
                .map(|c| TallyInstance {
                    rule,
                    target: cell(table, t, c),
                    plus: plus.iter().map(|&r| cell(table, r, c)).collect(),
                    minus: minus.iter().map(|&r| cell(table, r, c)).collect(),
                })
                .collect()
        }
    }
}

// ---------------------------------------------------------------------------
// The flat schema: every field with its address, built once from the above.

/// Index of a field in [`schema().fields`](Schema::fields).
pub type FieldId = usize;

/// Where a field sits in the format.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    Text(&'static TextField),
    Cell { table: &'static Table, row: usize, col: usize },
}

/// One addressable field of the report.
#[derive(Debug)]
pub struct Field {
    pub address: String,
    pub kind: Kind,
    pub place: Place,
    /// Index of the section the field belongs to.
    pub section: usize,
}

impl Field {
    /// Whether the report is complete without this field (一's lead
    /// paragraph).
    #[must_use]
    pub fn optional(&self) -> bool {
        matches!(self.place, Place::Text(t) if t.optional)
    }

    /// The field's label as a user reads it: the text field's label, or the
    /// cell's full row path, row label and column label.
    #[must_use]
    pub fn describe(&self) -> String {
        match self.place {
            Place::Text(t) => t.label.to_owned(),
            Place::Cell { table, row, col } => {
                let r = &table.rows[row];
                let c = &r.columns[col];
                let mut parts: Vec<&str> = r.path.to_vec();
                parts.push(r.label);
                parts.extend(c.path.iter().filter(|p| **p != APPLICANTS));
                parts.push(c.label);
                parts.join(" / ")
            }
        }
    }
}

/// All fields of the format, with lookups.
#[derive(Debug)]
pub struct Schema {
    pub fields: Vec<Field>,
    by_address: HashMap<String, FieldId>,
    /// First field id of each table's cells, by table key.
    table_base: HashMap<&'static str, FieldId>,
    pub tallies: Vec<TallyInstance>,
}

impl Schema {
    fn build() -> Schema {
        let mut fields = Vec::new();
        let mut table_base = HashMap::new();
        for (si, section) in SECTIONS.iter().enumerate() {
            match section.content {
                Content::Fields(list) => {
                    for t in list {
                        fields.push(Field {
                            address: t.address.to_owned(),
                            kind: t.kind,
                            place: Place::Text(t),
                            section: si,
                        });
                    }
                }
                Content::Table(table) => {
                    table_base.insert(table.key, fields.len());
                    for (ri, row) in table.rows.iter().enumerate() {
                        for (ci, col) in row.columns.iter().enumerate() {
                            fields.push(Field {
                                address: format!("{}.{}.{}", table.key, row.key, col.key),
                                kind: col.kind,
                                place: Place::Cell { table, row: ri, col: ci },
                                section: si,
                            });
                        }
                    }
                }
            }
        }
        let by_address = fields.iter().enumerate().map(|(i, f)| (f.address.clone(), i)).collect();
        let mut s = Schema { fields, by_address, table_base, tallies: Vec::new() };
        s.tallies = TALLIES.iter().flat_map(|t| expand_tally(t, &s)).collect();
        s
    }

    /// The field at an address, if there is one.
    #[must_use]
    pub fn lookup(&self, address: &str) -> Option<FieldId> {
        self.by_address.get(address).copied()
    }

    /// The field id of a table cell. Panics only on a row/column that the
    /// static format does not have, which is a programming error.
    #[must_use]
    pub fn cell_id(&self, table: &Table, row: usize, col: usize) -> FieldId {
        let base = self.table_base.get(table.key).copied().unwrap_or(0);
        base + table.rows[..row].iter().map(|r| r.columns.len()).sum::<usize>() + col
    }

    /// The field id of a cell by row and column key.
    #[must_use]
    pub fn cell(&self, table: &Table, row: &str, col: &str) -> Option<FieldId> {
        let r = table.row(row)?;
        let c = table.rows[r].columns.iter().position(|c| c.key == col)?;
        Some(self.cell_id(table, r, c))
    }

    /// Field ids of one section, in order.
    pub fn section_fields(&self, section: usize) -> impl Iterator<Item = FieldId> + '_ {
        self.fields.iter().enumerate().filter(move |(_, f)| f.section == section).map(|(i, _)| i)
    }

    /// Addresses close to `address`, for "did you mean" hints: those under
    /// the same parent, else those ending in the same last segment.
    #[must_use]
    pub fn suggest(&self, address: &str) -> Vec<&str> {
        let all = || self.fields.iter().map(|f| f.address.as_str());
        let mut parent = address;
        while let Some((p, _)) = parent.rsplit_once('.') {
            parent = p;
            let prefix = format!("{p}.");
            let under: Vec<&str> = all().filter(|a| a.starts_with(&prefix)).take(8).collect();
            if !under.is_empty() {
                return under;
            }
        }
        let last = address.rsplit('.').next().unwrap_or(address);
        let suffix = format!(".{last}");
        all().filter(|a| a.ends_with(&suffix) || a.starts_with(address)).take(8).collect()
    }
}

/// The schema, built on first use.
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(Schema::build)
}

// ---------------------------------------------------------------------------
// Merged headers

/// One cell of a derived header band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub text: &'static str,
    /// First leaf index covered.
    pub start: usize,
    /// Number of leaves covered.
    pub span: usize,
    /// First level (header row, or label column) occupied.
    pub level: usize,
    /// Number of levels occupied.
    pub depth: usize,
}

/// Derives merged header cells from leaves given as (path, label): every
/// run of equal group labels at one level becomes one band over its
/// leaves; a leaf's own label fills the remaining levels down to the last.
/// Used for column headers (levels are header rows) and for row labels
/// (levels are label columns) alike.
#[must_use]
pub fn header_bands(leaves: &[(&[&'static str], &'static str)]) -> (Vec<Band>, usize) {
    let levels = leaves.iter().map(|(p, _)| p.len() + 1).max().unwrap_or(1);
    let mut bands = Vec::new();
    for level in 0..levels {
        let mut i = 0;
        while i < leaves.len() {
            let (path, label) = leaves[i];
            if level < path.len() {
                let text = path[level];
                let mut j = i + 1;
                while j < leaves.len() && leaves[j].0.len() > level && leaves[j].0[..=level] == path[..=level]
                {
                    j += 1;
                }
                bands.push(Band { text, start: i, span: j - i, level, depth: 1 });
                i = j;
            } else {
                if level == path.len() {
                    bands.push(Band { text: label, start: i, span: 1, level, depth: levels - level });
                }
                i += 1;
            }
        }
    }
    (bands, levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_unique_and_complete() {
        let s = schema();
        assert_eq!(s.by_address.len(), s.fields.len());
        // 4 front matter + 6 overview (lead and （一）…（五）) + 2 text + the cells
        let cells = |t: &Table| t.rows.iter().map(|r| r.columns.len()).sum::<usize>();
        assert_eq!(cells(&PROACTIVE), 10);
        assert_eq!(cells(&REQUESTS), 25 * 7);
        assert_eq!(cells(&APPEALS), 15);
        assert_eq!(s.fields.len(), 4 + 6 + 1 + 1 + 10 + 175 + 15);
        for a in [
            "requests.new.natural_person",
            "appeals.review.total",
            "overview.platforms",
            "overview.lead",
            "proactive.fees.amount",
            "proactive.normative_docs.in_force",
            "meta.organ",
            "preamble",
            "problems",
            "other_matters",
        ] {
            assert!(s.lookup(a).is_some(), "{a}");
        }
    }

    #[test]
    fn tally_instances_per_spec() {
        let s = schema();
        let count = |rule| s.tallies.iter().filter(|t| t.rule == rule).count();
        assert_eq!(count(RULE_BALANCE), 7);
        assert_eq!(count(RULE_ROW_TOTAL), 25);
        assert_eq!(count(RULE_OUTCOME_TOTAL), 7);
        assert_eq!(count(RULE_GROUP_TOTAL), 3);
        let ot = s.tallies.iter().find(|t| t.rule == RULE_OUTCOME_TOTAL).map(|t| t.plus.len());
        assert_eq!(ot, Some(21));
    }

    #[test]
    fn requests_header_matches_official_spans() {
        let cols = REQUESTS.uniform_columns().unwrap_or(&[]);
        let leaves: Vec<_> = cols.iter().map(|c| (c.path, c.label)).collect();
        let (bands, levels) = header_bands(&leaves);
        assert_eq!(levels, 3);
        let find = |t: &str| bands.iter().find(|b| b.text == t).cloned();
        let b = find("申请人情况").unwrap_or_else(|| panic!("no band"));
        assert_eq!((b.span, b.depth, b.level), (7, 1, 0));
        let b = find("自然人").unwrap_or_else(|| panic!("no band"));
        assert_eq!((b.span, b.depth, b.level), (1, 2, 1));
        let b = find("法人或其他组织").unwrap_or_else(|| panic!("no band"));
        assert_eq!((b.span, b.depth, b.level), (5, 1, 1));
        let b = find("商业企业").unwrap_or_else(|| panic!("no band"));
        assert_eq!((b.span, b.depth, b.level), (1, 1, 2));
    }

    #[test]
    fn requests_row_labels_span_22_rows() {
        let leaves: Vec<_> = REQUESTS.rows.iter().map(|r| (r.path, r.label)).collect();
        let (bands, levels) = header_bands(&leaves);
        assert_eq!(levels, 3);
        let span = |t: &str| bands.iter().find(|b| b.text == t).map(|b| (b.span, b.depth));
        assert_eq!(span(RESULTS), Some((22, 1)));
        assert_eq!(span(DENIED), Some((8, 1)));
        assert_eq!(span(UNAVAILABLE), Some((3, 1)));
        assert_eq!(span(DISMISSED), Some((5, 1)));
        assert_eq!(span(OTHER), Some((3, 1)));
        assert_eq!(span("一、本年新收政府信息公开申请数量"), Some((1, 3)));
        assert_eq!(span("（一）予以公开"), Some((1, 2)));
        assert_eq!(span("（七）总计"), Some((1, 2)));
    }
}
