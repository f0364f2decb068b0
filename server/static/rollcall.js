// Rollcall's one script. The NHS.UK frontend's page template marks the body
// as able to run its components with an inline snippet, which Rollcall's
// Content-Security-Policy forbids; this file does the same from Rollcall's
// own origin, then starts the components. Every page works without it.
import { initAll } from "./nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
