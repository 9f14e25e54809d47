/*
 * Splitting a contribution: when staff select a passage in the contribution's text
 * ([data-split-text]), its offsets in the original text go into the hidden `start` and `end`
 * fields of the form [data-split-form], and the marked passage is shown above the form.
 *
 * Every piece of text carries the offset where it starts in the original
 * (<span data-start="123">); labels and buttons between them carry none and are skipped.
 * Offsets count Unicode code points, as the server does. Without this script, staff paste
 * the passage into the form or take a whole paragraph.
 *
 * Forms with data-confirm="question" ask before they are sent.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    }
  });

  var text = document.querySelector("[data-split-text]");
  var form = document.querySelector("form[data-split-form]");
  if (!text || !form || !window.getSelection || !document.createRange) {
    return;
  }
  var startInput = form.querySelector("input[name=start]");
  var endInput = form.querySelector("input[name=end]");
  var status = document.getElementById("marked-passage");
  var chunks = Array.prototype.slice.call(text.querySelectorAll("[data-start]"));
  var length = parseInt(text.getAttribute("data-length"), 10) || 0;
  var PREVIEW = 300;

  function codePoints(value) {
    return Array.from ? Array.from(value) : value.split("");
  }

  function chunkStart(element) {
    return parseInt(element.getAttribute("data-start"), 10);
  }

  function chunkOf(node) {
    var parent = node && node.nodeType === 3 ? node.parentNode : null;
    return parent && parent.hasAttribute && parent.hasAttribute("data-start") &&
      text.contains(parent) ? parent : null;
  }

  // The offset in the original text of a boundary point (node, offset) of a selection.
  function offsetAt(node, offset) {
    var chunk = chunkOf(node);
    if (chunk) {
      return chunkStart(chunk) + codePoints(node.data.slice(0, offset)).length;
    }
    // Between pieces of text (in a label, a button, a paragraph's edge): the next piece.
    var point = document.createRange();
    try {
      point.setStart(node, offset);
    } catch (error) {
      return null;
    }
    point.collapse(true);
    for (var i = 0; i < chunks.length; i += 1) {
      if (point.comparePoint(chunks[i], 0) >= 0) {
        return chunkStart(chunks[i]);
      }
    }
    return length;
  }

  // The text between two offsets, put together from the pieces (for the preview only).
  function textBetween(start, end) {
    var parts = [];
    var previousEnd = null;
    chunks.forEach(function (chunk) {
      var from = chunkStart(chunk);
      var characters = codePoints(chunk.textContent);
      var to = from + characters.length;
      if (to <= start || from >= end) {
        return;
      }
      if (previousEnd !== null && from !== previousEnd) {
        parts.push(" ¶ ");
      }
      parts.push(characters.slice(Math.max(start, from) - from, Math.min(end, to) - from).join(""));
      previousEnd = to;
    });
    return parts.join("").trim();
  }

  function show(start, end) {
    if (!status) {
      return;
    }
    var passage = textBetween(start, end);
    if (codePoints(passage).length > PREVIEW) {
      passage = codePoints(passage).slice(0, PREVIEW).join("") + " …";
    }
    status.textContent = (status.getAttribute("data-marked-label") || "") + " ";
    var quote = document.createElement("q");
    quote.setAttribute("lang", text.getAttribute("lang") || "");
    quote.setAttribute("dir", "auto");
    quote.textContent = passage;
    status.appendChild(quote);
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(text)) {
      return;
    }
    var start = text.contains(range.startContainer)
      ? offsetAt(range.startContainer, range.startOffset) : 0;
    var end = text.contains(range.endContainer)
      ? offsetAt(range.endContainer, range.endOffset) : length;
    if (start === null || end === null || end <= start) {
      return;
    }
    if (startInput.value === String(start) && endInput.value === String(end)) {
      return;
    }
    startInput.value = String(start);
    endInput.value = String(end);
    show(start, end);
  }

  document.addEventListener("selectionchange", update);
  text.addEventListener("mouseup", update);
  text.addEventListener("keyup", update);
})();
