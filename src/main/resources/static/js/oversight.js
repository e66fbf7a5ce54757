// The only script on our pages (the Content-Security-Policy allows no inline script).
// It marks the page as able to run govuk-frontend's components and starts them.
// Every page works without it.
import { initAll } from '/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported')
  initAll()
}
