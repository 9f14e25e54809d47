/*
 * The triage queue, made quicker with JavaScript; everything also works without it.
 *
 * - A "select all on this page" checkbox in the table's first column header.
 * - A live count of the selected suggestions, and selected rows highlighted.
 * - Only the fields of the chosen bulk action are shown (fields with errors always are).
 * - Choosing a standard reply fills the text field (and an empty outcome).
 * - On narrow screens, unused filters fold away behind a "Show filters" button.
 * Every text shown comes from data attributes, so it is translated like the rest of the page.
 */
(function () {
  "use strict";

  var form = document.getElementById("queue-bulk");
  if (!form) {
    return;
  }

  function boxes() {
    return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=numbers]"));
  }

  var counter = document.getElementById("bulk-selected");
  var all = null;
  var head = form.querySelector("th.select-cell[data-select-all]");

  if (head && boxes().length) {
    all = document.createElement("input");
    all.type = "checkbox";
    all.id = "pick-all";
    var label = document.createElement("label");
    label.htmlFor = "pick-all";
    label.className = "visually-hidden";
    label.textContent = head.getAttribute("data-select-all");
    head.textContent = "";
    head.appendChild(all);
    head.appendChild(label);
    all.addEventListener("change", function () {
      boxes().forEach(function (box) {
        box.checked = all.checked;
      });
      update();
    });
  }

  function update() {
    var list = boxes();
    var chosen = list.filter(function (box) {
      return box.checked;
    });
    list.forEach(function (box) {
      var row = box.closest("tr");
      if (row) {
        row.classList.toggle("is-selected", box.checked);
      }
    });
    if (all) {
      all.checked = chosen.length > 0 && chosen.length === list.length;
      all.indeterminate = chosen.length > 0 && chosen.length < list.length;
    }
    if (counter) {
      var text;
      if (chosen.length === 0) {
        text = counter.getAttribute("data-none");
      } else if (chosen.length === 1) {
        text = counter.getAttribute("data-one");
      } else {
        text = counter.getAttribute("data-many").replace("{count}", String(chosen.length));
      }
      counter.textContent = text;
      counter.hidden = false;
    }
  }

  var parts = Array.prototype.slice.call(form.querySelectorAll("[data-actions]"));

  function showParts() {
    var chosen = form.querySelector("input[name=action]:checked");
    parts.forEach(function (part) {
      var wanted = chosen && part.getAttribute("data-actions").split(" ").indexOf(chosen.value) >= 0;
      part.hidden = !wanted && !part.querySelector(".error");
    });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "numbers") {
      update();
    } else if (target.name === "action") {
      showParts();
    }
  });

  var chooser = form.querySelector("select[data-fills]");
  if (chooser) {
    var lastFilled = "";
    chooser.addEventListener("change", function () {
      var option = chooser.options[chooser.selectedIndex];
      var text = option ? option.getAttribute("data-text") : null;
      var textarea = document.getElementById(chooser.getAttribute("data-fills"));
      if (!text || !textarea) {
        return;
      }
      var current = textarea.value.trim();
      if (!current || current === lastFilled) {
        textarea.value = text;
      } else {
        textarea.value = textarea.value.replace(/\s+$/, "") + "\n\n" + text;
      }
      lastFilled = text.trim();
      var outcomeField = document.getElementById(chooser.getAttribute("data-outcome"));
      var outcome = option.getAttribute("data-outcome");
      if (outcomeField && outcome && !outcomeField.value) {
        outcomeField.value = outcome;
      }
    });
  }

  update();
  showParts();

  // On narrow screens the filters fold away behind a button, unless some are in use.
  var filters = document.getElementById("queue-filters");
  var box = filters ? filters.closest(".queue-filters") : null;
  var narrow = window.matchMedia && window.matchMedia("(max-width: 59.99rem)").matches;
  if (box && narrow && box.getAttribute("data-collapsible") === "yes") {
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "secondary filters-toggle";
    toggle.setAttribute("aria-controls", "queue-filters");
    var setOpen = function (open) {
      filters.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = box.getAttribute(open ? "data-hide" : "data-show");
    };
    toggle.addEventListener("click", function () {
      setOpen(filters.hidden);
    });
    filters.parentNode.insertBefore(toggle, filters);
    setOpen(false);
  }
})();
