// Owns the formgrader's script text (see grading_script.hpp).
#include "grader/formgrader/grading_script.hpp"

namespace gradebox::formgrader {

std::string_view grading_script() {
  return R"js(
"use strict";
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const page = document.body.dataset;
  const forms = Array.from(document.querySelectorAll("div.grade"));
  let current = -1;
  const setText = (id, text) => { const e = document.getElementById(id); if (e) e.textContent = text; };
  const state = (form, text, bad) => {
    const line = form.querySelector(".save-state");
    line.textContent = text;
    line.className = bad ? "save-state bad" : "save-state";
  };
  const focusForm = (index) => {
    current = index;
    const form = forms[index];
    form.scrollIntoView({block: "center"});
    form.querySelector("input[name=points]").focus();
  };
  const move = (step) => {
    for (let i = 1; i <= forms.length; ++i) {
      const index = (current + step * i + forms.length * (i + 1)) % forms.length;
      if (forms[index].dataset.pending === "1") return focusForm(index);
    }
  };
  const field = (form, name) => { const e = form.querySelector(`[name=${name}]`); return e ? e.value : ""; };
  async function save(form) {
    const body = {assignment: page.assignment, student: page.student, notebook: form.dataset.notebook,
                  grade_id: form.dataset.gradeId, points: field(form, "points"),
                  comment: field(form, "comment"), reason: field(form, "reason"),
                  expected_record_id: form.dataset.recordId};
    state(form, "saving\u2026", false);
    let response, reply;
    try {
      response = await fetch(page.base + "api/grade", {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf}, body: JSON.stringify(body)});
      reply = await response.json();
    } catch (error) {
      state(form, "Not saved: " + error, true);
      return false;
    }
    if (response.status === 409 && reply.current) {
      form.dataset.recordId = reply.current.record_id;
      state(form, "Not saved: " + reply.error + " (now " + reply.current.points + " by " +
            (reply.current.grader || "?") + " at " + reply.current.graded_at + "); save again to overwrite", true);
      return false;
    }
    if (!response.ok) {
      state(form, "Not saved: " + reply.error, true);
      return false;
    }
    form.dataset.recordId = reply.record_id;
    form.dataset.pending = "0";
    setText("total", reply.totals.points + " / " + reply.totals.max);
    setText("pending", String(reply.totals.manual_pending));
    state(form, "saved: " + reply.points + " / " + reply.max + (reply.note ? " \u2014 " + reply.note : ""), false);
    return true;
  }
  forms.forEach((form, index) => {
    form.addEventListener("focusin", () => { current = index; });
    const submit = async () => { if (await save(form)) move(1); };
    form.querySelector("button").addEventListener("click", submit);
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.tagName === "INPUT") {
        event.preventDefault();
        submit();
      }
    });
  });
  if (window.katex) {
    document.querySelectorAll("span.math").forEach((span) => {
      try {
        window.katex.render(span.textContent, span, {displayMode: span.classList.contains("display"), throwOnError: false});
      } catch (error) {
        span.title = String(error);  // stays TeX text
      }
    });
  }
  const go = (id) => { const link = document.getElementById(id); if (link) window.location.assign(link.href); };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA") {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const actions = {j: () => move(1), k: () => move(-1),
                     n: () => go("next-ungraded"), p: () => go("prev-ungraded"),
                     N: () => go("next-submission"), P: () => go("prev-submission")};
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
    }
  });
})();
)js";
}

}  // namespace gradebox::formgrader
