/*
 * Keeps an unsent text in this browser while someone writes (localStorage), so that nothing is
 * lost when the connection drops, the page is closed or a request fails.
 *
 * A form with data-draft-key="..." and data-draft-fields="title body" is saved while typing and
 * restored on the next visit (only into empty fields: a text the server sent back wins). A page
 * with data-clear-draft="key1 key2" removes those drafts (the statement has been received).
 * Every text shown comes from data attributes, so it is translated like the rest of the page.
 */
(function () {
  "use strict";

  var PREFIX = "consult.draft.";
  var DELAY = 600;

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  var store = storage();
  if (!store) {
    return;
  }

  function read(key) {
    try {
      var value = JSON.parse(store.getItem(PREFIX + key) || "null");
      return value && typeof value === "object" && value.fields ? value : null;
    } catch (error) {
      return null;
    }
  }

  function write(key, fields) {
    try {
      store.setItem(PREFIX + key, JSON.stringify({ fields: fields, saved: Date.now() }));
      return true;
    } catch (error) {
      return false; // full or disabled storage: the form still works
    }
  }

  function remove(key) {
    try {
      store.removeItem(PREFIX + key);
    } catch (error) {
      /* nothing to do */
    }
  }

  function clearDrafts() {
    var holders = document.querySelectorAll("[data-clear-draft]");
    Array.prototype.forEach.call(holders, function (holder) {
      (holder.getAttribute("data-clear-draft") || "").split(/\s+/).forEach(function (key) {
        if (key) {
          remove(key);
        }
      });
    });
  }

  function setUpForm(form) {
    var key = form.getAttribute("data-draft-key");
    var names = (form.getAttribute("data-draft-fields") || "").split(/\s+/).filter(Boolean);
    var fields = names
      .map(function (name) { return form.elements.namedItem(name); })
      .filter(function (field) { return field && typeof field.value === "string"; });
    if (!key || !fields.length) {
      return;
    }
    var status = document.querySelector("[data-draft-status]");
    var note = document.querySelector("[data-draft-note]");
    var discard = note ? note.querySelector("[data-draft-discard]") : null;
    var timer = null;

    function say(text) {
      if (status && text) {
        status.textContent = text;
      }
    }

    function current() {
      var values = {};
      fields.forEach(function (field) { values[field.name] = field.value; });
      return values;
    }

    function hasText(values) {
      return Object.keys(values).some(function (name) {
        return (values[name] || "").trim() !== "";
      });
    }

    function save() {
      timer = null;
      var values = current();
      if (hasText(values)) {
        if (write(key, values)) {
          say(form.getAttribute("data-draft-saved"));
        }
      } else {
        remove(key);
      }
    }

    // Restore into empty fields only.
    var draft = read(key);
    var empty = !hasText(current());
    if (draft && empty && hasText(draft.fields)) {
      fields.forEach(function (field) {
        var value = draft.fields[field.name];
        if (typeof value === "string") {
          field.value = value;
        }
      });
      if (note) {
        note.hidden = false;
      }
    }

    form.addEventListener("input", function () {
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(save, DELAY);
    });
    // Save at once before the page is left or the form is sent.
    form.addEventListener("submit", save);
    window.addEventListener("pagehide", function () {
      if (timer) {
        window.clearTimeout(timer);
        save();
      }
    });

    if (discard) {
      discard.addEventListener("click", function () {
        remove(key);
        fields.forEach(function (field) { field.value = ""; });
        if (note) {
          note.hidden = true;
        }
        say(form.getAttribute("data-draft-discarded"));
        if (fields[0]) {
          fields[0].focus();
        }
      });
    }
  }

  function start() {
    clearDrafts();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-key]"), setUpForm);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
