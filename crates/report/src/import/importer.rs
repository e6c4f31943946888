//! The import's state: a report being filled from lines, the notes on
//! what could not be placed, and the passes over the text — front matter,
//! the overview, the tables row by row, the narrative sections, the
//! signature.

use super::normalise::{
    COMBINED_ROWS, FOOTER_MARKERS, Found, How, Seg, field_after, first_year, heading_text, id, is_date,
    label_key, leading_number, match_label, overview_heading, run_on, section_heading, segment, title_parts,
};
use super::{MAX_FIELD_CHARS, Note};
use crate::format::{self, APPEALS, FieldId, Kind, REQUESTS, SECTIONS, Table, TextField};
use crate::model::{self, Report, Value};

pub(super) struct Importer {
    pub(super) report: Report,
    pub(super) notes: Vec<Note>,
    /// Rows placed, as `table.row`.
    pub(super) placed_rows: Vec<String>,
    pub(super) blank: Vec<String>,
}

impl Importer {
    pub(super) fn set_text(&mut self, address: &str, text: &str) {
        let chars = text.chars().count();
        if chars > MAX_FIELD_CHARS {
            let address = format::schema().fields[id(address)].address.as_str();
            self.notes.push(Note::TooLong { address, chars });
            return;
        }
        self.report.set(id(address), Value::Text(text.to_owned()));
    }

    pub(super) fn text_of(&self, address: &str) -> String {
        self.report.get(id(address)).display()
    }

    pub(super) fn front_matter(&mut self, lines: &[(usize, &str)]) {
        let mut preamble = Vec::new();
        let mut previous: Option<&str> = None;
        for &(_, l) in lines {
            let t = heading_text(l);
            if t.is_empty() {
                continue;
            }
            if let Some((organ, year)) = title_parts(&t) {
                // A title broken over two lines: the organ is the line before.
                let organ = match (organ.is_empty(), previous) {
                    (true, Some(p)) if p.chars().count() <= 30 => {
                        preamble.pop();
                        p
                    }
                    _ => organ,
                };
                self.set_text("meta.organ", organ);
                self.report.set(id("meta.year"), Value::Count(Some(year)));
                previous = None;
                continue;
            }
            if t.contains("浏览") || (t.starts_with("日期") && t.contains("来源")) {
                // A portal's article header: 日期: 2022-01-20 浏览量:665 来源:…
                if let Some(d) = field_after(&t, "日期") {
                    self.set_text("meta.date", &d);
                }
                if let Some(o) = field_after(&t, "来源") {
                    self.set_text("meta.organ", &o);
                }
                continue;
            }
            preamble.push(l.trim());
            previous = Some(l.trim());
        }
        self.set_text("preamble", &preamble.join("\n"));
        if self.report.year().is_none()
            && let Some(y) = first_year(&preamble.join(""))
        {
            self.report.set(id("meta.year"), Value::Count(Some(y)));
            self.notes.push(Note::Guessed { address: "meta.year", value: y.to_string(), from: "preamble" });
        }
    }

    pub(super) fn overview(&mut self, lines: &[(usize, &str)]) {
        let fields: &[TextField] = match SECTIONS[1].content {
            format::Content::Fields(f) => f,
            format::Content::Table(_) => &[],
        };
        let mut current: Option<usize> = None;
        let mut intro: Vec<&str> = Vec::new();
        let mut texts: Vec<Vec<&str>> = vec![Vec::new(); fields.len()];
        for &(_, l) in lines {
            let t = heading_text(l);
            if t.is_empty() {
                continue;
            }
            if let Some(k) = overview_heading(&t) {
                // Sub-headings count from the first non-optional field.
                current = Some(k + fields.iter().take_while(|f| f.optional).count());
                // A sub-heading that runs on into its paragraph
                // (（一）主动公开情况。2024年，…): the rest is text.
                if let Some(rest) = run_on(l.trim()) {
                    texts[k + fields.iter().take_while(|f| f.optional).count()].push(rest);
                }
                continue;
            }
            match current {
                Some(k) => texts[k].push(l.trim()),
                None => intro.push(l.trim()),
            }
        }
        // The lead paragraph before （一） has its own optional field.
        if let Some(lead) = fields.iter().position(|f| f.optional) {
            texts[lead] = intro;
        }
        for (f, t) in fields.iter().zip(texts) {
            self.set_text(f.address, &t.join("\n"));
        }
    }

    /// Finds the three tables' rows anywhere in `lines`; returns the range
    /// of line indexes the tables take (their header lines included).
    pub(super) fn tables(&mut self, lines: &[(usize, &str)]) -> Option<std::ops::RangeInclusive<usize>> {
        let mut pending: Vec<(usize, String)> = Vec::new();
        let mut used: Vec<usize> = Vec::new();
        for (i, &(n, l)) in lines.iter().enumerate() {
            if section_heading(l).is_some() {
                pending.clear();
                continue;
            }
            let seg = segment(l);
            if seg.values.is_empty() {
                let short =
                    !seg.label.is_empty() && seg.label.chars().count() <= 40 && !seg.label.ends_with('。');
                if short {
                    pending.push((i, seg.label));
                    if pending.len() > 4 {
                        pending.remove(0);
                    }
                } else {
                    pending.clear();
                }
                continue;
            }
            let filled = seg.values.iter().filter(|v| !v.is_empty()).count();
            let (found, ambiguous) = self.find_row(&seg, &pending, n, l);
            if let Some((t, r, how, k)) = found {
                let columns = t.rows[r].columns.len();
                if seg.values.len() * 2 >= columns || columns == 1 {
                    if how == How::Close {
                        self.notes.push(Note::CloseLabel {
                            line: n,
                            text: seg.label.clone(),
                            label: t.rows[r].label,
                        });
                    }
                    if self.place(t, r, n, &seg.values) {
                        used.push(i);
                        used.extend(pending[pending.len() - k..].iter().map(|(j, _)| *j));
                    }
                    pending.clear();
                    continue;
                }
            }
            // 表四 as one line of its 15 numbers (under its header lines).
            let all: usize = APPEALS.rows.iter().map(|r| r.columns.len()).sum();
            if filled == all
                && seg.values.len() == all
                && !self.placed_rows.iter().any(|p| p.starts_with("appeals."))
            {
                let mut values = seg.values.iter();
                for (r, row) in APPEALS.rows.iter().enumerate() {
                    let vs: Vec<String> = values.by_ref().take(row.columns.len()).cloned().collect();
                    self.place(&APPEALS, r, n, &vs);
                }
                used.push(i);
                pending.clear();
                continue;
            }
            if let Some(names) = ambiguous {
                self.notes.push(Note::Ambiguous { line: n, text: l.trim().to_owned(), candidates: names });
                used.push(i);
            } else if filled >= 2 && seg.label.chars().count() <= 60 {
                self.notes.push(Note::UnplacedLine { line: n, text: l.trim().to_owned() });
                used.push(i);
            }
            pending.clear();
        }
        let (&first, &last) = (used.iter().min()?, used.iter().max()?);
        // Header lines just above the first row belong to the table.
        let mut start = first;
        while start > 0
            && {
                let l = lines[start - 1].1;
                section_heading(l).is_none()
                    && segment(l).label.chars().count() <= 60
                    && !l.trim().ends_with('。')
            }
            && first - start < 12
        {
            start -= 1;
        }
        Some(start..=last)
    }

    /// The row a line's values belong to, trying its own label, then that
    /// label after the label lines before it (a label a PDF broke over
    /// lines, or a row of numbers under its label): exact and suffix
    /// matches first, then close ones. Also the rows a label was equally
    /// close to, when that stopped it.
    pub(super) fn find_row(
        &mut self,
        seg: &Seg,
        pending: &[(usize, String)],
        n: usize,
        l: &str,
    ) -> (Option<Found>, Option<Vec<&'static str>>) {
        // Candidate labels: the line's own, then with the label lines
        // before it (a label a PDF broke over lines, or a row of
        // numbers under its label).
        let mut candidates: Vec<(String, usize)> = Vec::new();
        if !seg.label.is_empty() {
            candidates.push((label_key(&seg.label), 0));
        }
        for k in 1..=pending.len() {
            let joined: String = pending[pending.len() - k..]
                .iter()
                .map(|(_, p)| p.as_str())
                .chain([seg.label.as_str()])
                .collect();
            candidates.push((label_key(&joined), k));
        }
        let mut found = None;
        let mut ambiguous = None;
        for pass in [false, true] {
            for (key, k) in &candidates {
                match match_label(key) {
                    Ok(Some((t, r, how))) if (how == How::Close) == pass => {
                        found = Some((t, r, how, *k));
                        break;
                    }
                    Err(names) if pass && ambiguous.is_none() => ambiguous = Some(names),
                    _ => {}
                }
            }
            if found.is_some() {
                break;
            }
        }
        // A combined row (（六）其他处理 printed as one row).
        if found.is_none()
            && let Some((key, k)) = candidates
                .iter()
                .find(|(key, _)| COMBINED_ROWS.iter().any(|(c, _)| key.ends_with(&label_key(c))))
            && let Some((_, row)) = COMBINED_ROWS.iter().find(|(c, _)| key.ends_with(&label_key(c)))
            && let Some(r) = REQUESTS.row(row)
        {
            self.notes.push(Note::Combined {
                line: n,
                text: l.trim().to_owned(),
                address: format!("requests.{row}"),
            });
            found = Some((&REQUESTS, r, How::Exact, *k));
        }
        (found, ambiguous)
    }

    /// Places a row's values; false when the row was placed already.
    pub(super) fn place(&mut self, table: &'static Table, ri: usize, n: usize, values: &[String]) -> bool {
        let row = &table.rows[ri];
        let key = format!("{}.{}", table.key, row.key);
        if self.placed_rows.contains(&key) {
            self.notes
                .push(Note::UnplacedLine { line: n, text: format!("{} {}", row.label, values.join(" ")) });
            return false;
        }
        let s = format::schema();
        if values.len() < row.columns.len() {
            self.notes.push(Note::ShortRow { line: n, address: key.clone() });
        }
        for (ci, col) in row.columns.iter().enumerate() {
            let address = format!("{key}.{}", col.key);
            let cell = values.get(ci).map_or("", String::as_str);
            let fid = s.cell_id(table, ri, ci);
            self.place_value(fid, col.kind, n, &address, cell);
        }
        self.placed_rows.push(key);
        true
    }

    pub(super) fn place_value(&mut self, fid: FieldId, kind: Kind, n: usize, address: &str, cell: &str) {
        if cell.trim().is_empty() {
            self.blank.push(address.to_owned());
            return;
        }
        let (num, remark) = leading_number(cell);
        match model::parse_value(kind, &num, false) {
            Ok(v) if !num.is_empty() => {
                self.report.set(fid, v);
                if remark {
                    self.notes.push(Note::Annotated {
                        line: n,
                        address: address.to_owned(),
                        text: cell.to_owned(),
                    });
                }
            }
            _ => self.notes.push(Note::Unreadable {
                line: n,
                address: address.to_owned(),
                text: cell.to_owned(),
            }),
        }
    }

    /// Fills a text section; returns its last lines when they may be the
    /// signature (organ and date), which are then not part of the text.
    pub(super) fn text_section(&mut self, lines: &[(usize, &str)], address: &str) -> Vec<String> {
        let mut kept: Vec<&str> = Vec::new();
        for &(_, l) in lines {
            let t = heading_text(l);
            if FOOTER_MARKERS.iter().any(|m| t.contains(m)) {
                // The portal's footer: the report has ended.
                break;
            }
            if !t.is_empty() {
                kept.push(l.trim());
            }
        }
        let mut tail = Vec::new();
        if kept.len() >= 2 && is_date(kept[kept.len() - 1]) && kept[kept.len() - 2].chars().count() <= 30 {
            tail = kept.split_off(kept.len() - 2).into_iter().map(str::to_owned).collect();
        }
        self.set_text(address, &kept.join("\n"));
        tail
    }

    pub(super) fn signature(&mut self, tail: &[String]) {
        if let [organ, date] = tail {
            if self.text_of("meta.organ").is_empty() {
                self.set_text("meta.organ", organ);
            }
            if self.text_of("meta.date").is_empty() {
                self.set_text("meta.date", date);
            }
        }
    }
}
