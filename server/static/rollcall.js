// Rollcall's one script. The NHS.UK frontend's page template marks the body
// as able to run its components with an inline snippet, which Rollcall's
// Content-Security-Policy forbids; this file does the same from Rollcall's
// own origin, then starts the components. Every page works without it.
import { initAll } from "./nhsuk/nhsuk-frontend.min.js";

// The frontend's radios mark a radio that reveals more questions with
// aria-expanded, each time the choice changes. ARIA does not allow the
// attribute on a radio (screen readers may announce the radio as a
// collapsed button), and the revealed questions follow the radio in the
// page anyway: take it off whenever the frontend puts it on. The observer
// runs before the page is next drawn or read.
new MutationObserver((changes) => {
  for (const { target } of changes) {
    if (target.matches('input[type="radio"]')) target.removeAttribute("aria-expanded");
  }
}).observe(document.body, { subtree: true, attributeFilter: ["aria-expanded"] });

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
