// The suggestion page, progressively enhanced: every task also works without this script.
(function () {
  "use strict";

  // A standard reply chosen in a select fills its text field. The text replaces the field's
  // content while that is empty or still the previous reply; otherwise it is added below.
  document.querySelectorAll("select[data-fills]").forEach(function (select) {
    var target = document.getElementById(select.getAttribute("data-fills"));
    if (!target) { return; }
    var lastFilled = null;
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var text = option ? option.getAttribute("data-text") : null;
      if (!text) { return; }
      var current = target.value.trim();
      if (!current || current === lastFilled) {
        target.value = text;
      } else {
        target.value = target.value.replace(/\s+$/, "") + "\n\n" + text;
      }
      lastFilled = target.value.trim();
      var outcome = option.getAttribute("data-outcome");
      var form = select.form;
      if (outcome && form && !form.querySelector("input[name=outcome]:checked")) {
        var radio = form.querySelector("input[name=outcome][value='" + outcome + "']");
        if (radio) {
          radio.checked = true;
          radio.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    });
  });

  // The decision form says at once when the chosen outcome differs from the recommendation.
  document.querySelectorAll("form.decide-form[data-recommended]").forEach(function (form) {
    var note = form.querySelector(".differs-live");
    if (!note) { return; }
    var recommended = form.getAttribute("data-recommended");
    function update() {
      var chosen = form.querySelector("input[name=outcome]:checked");
      note.textContent = chosen && chosen.value !== recommended ? form.getAttribute("data-differs") : "";
    }
    form.addEventListener("change", update);
    update();
  });

  // Routing: the assignee list shows staff and the members of the chosen group.
  document.querySelectorAll("form.routing-form").forEach(function (form) {
    var group = form.querySelector("select[name=group]");
    var assignee = form.querySelector("select[name=assignee]");
    if (!group || !assignee) { return; }
    var staffLabel = assignee.querySelector("optgroup") ? assignee.querySelector("optgroup").label : null;
    var groupNames = {};
    Array.prototype.forEach.call(group.options, function (option) { groupNames[option.value] = option.text; });
    function update() {
      var wanted = groupNames[group.value];
      Array.prototype.forEach.call(assignee.querySelectorAll("optgroup"), function (optgroup) {
        var show = optgroup.label === staffLabel || optgroup.label === wanted;
        optgroup.hidden = !show;
        optgroup.disabled = !show;
      });
      var selected = assignee.options[assignee.selectedIndex];
      if (selected && selected.parentNode.disabled) { assignee.value = ""; }
    }
    group.addEventListener("change", update);
    update();
  });

  // After a conflict, the message is read first.
  var conflict = document.getElementById("conflict");
  if (conflict) { conflict.focus(); }
})();
