//! A portal page as text lines, through a real HTML parser (html5ever, by
//! way of scraper): what a browser shows is what is read. Comments (old
//! table versions, editors' notes), `<script>`, `<style>`, `<template>`,
//! `<noscript>` and hidden elements (`hidden`, `display:none`, `visibility:hidden`)
//! never become data, and every HTML5 named entity is decoded.
//!
//! One line per table row with cells joined by `|`, one per paragraph,
//! heading or line break; inside a cell, paragraphs and line breaks
//! (`<p>商业</p><p>企业</p>`) stay one cell's text. The tree is walked
//! without recursion, so a page nested ten thousand deep costs time in
//! proportion, not stack. The cost: a parsed tree in memory (a few times
//! the page), which the import's child process bounds.

use scraper::{Html, Node};

/// Whether an element and all it holds are out of what a reader sees.
fn unseen(e: &scraper::node::Element) -> bool {
    if matches!(e.name(), "script" | "style" | "template" | "noscript") || e.attr("hidden").is_some() {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// An HTML page as text lines (see the module doc).
#[must_use]
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let mut in_cell = 0usize;
    // Inside an unseen element, the node that opened it: nothing until it
    // closes.
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in doc.tree.root().traverse() {
        let (node, open) = match edge {
            ego_tree::iter::Edge::Open(n) => (n, true),
            ego_tree::iter::Edge::Close(n) => (n, false),
        };
        if let Some(id) = skipping {
            if !open && node.id() == id {
                skipping = None;
            }
            continue;
        }
        match node.value() {
            Node::Text(t) if open => {
                out.push_str(&t.replace(['\n', '\r', '\t', '|', '\u{a0}', '\u{2002}', '\u{2003}'], " "));
            }
            Node::Element(e) if open && unseen(e) => skipping = Some(node.id()),
            Node::Element(e) => match e.name() {
                "td" | "th" if open => in_cell += 1,
                "td" | "th" => {
                    in_cell = in_cell.saturating_sub(1);
                    out.push('|');
                }
                "tr" | "table" => {
                    in_cell = 0;
                    out.push('\n');
                }
                "p" | "br" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if in_cell == 0 => {
                    out.push('\n');
                }
                _ => {}
            },
            _ => {}
        }
    }
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_scripts_and_hidden_rows_are_not_data() {
        let page = "<html><body><!-- <table><tr><td>规章</td><td>99</td></tr></table> -->\
            <!-- <p>旧的导语</p> --><script>var x='<td>规章</td><td>7</td>';</script>\
            <style>td{}</style><table><tr style=\"display: none\"><td>规章</td><td>8</td></tr>\
            <tr hidden><td>规章</td><td>6</td></tr><tr><td>规章</td><td>1</td></tr></table>\
            <p>甲&mdash;乙&hellip;&lsquo;丙&rsquo;&middot;3&times;4&nbsp;</p></body></html>";
        assert_eq!(html_to_text(page), "规章|1|\n甲—乙…‘丙’·3×4");
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        let page = format!("{}<p>一、总体情况</p>{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        assert!(html_to_text(&page).contains("一、总体情况"));
    }
}
