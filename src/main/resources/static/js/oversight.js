// The only script on our pages (the Content-Security-Policy allows no inline script).
// It marks the page as able to run govuk-frontend's components and starts them.
// Every page works without it.
import { initAll } from '/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported')
  initAll()
}

// Progress of an import or an analysis: the page works without this (it has a "Refresh now" link);
// with it, the status line updates every two seconds and the page reloads once the work has finished.
const progress = document.querySelector('[data-progress]')
if (progress) {
  const poll = async () => {
    try {
      const response = await fetch(progress.dataset.progress, { headers: { Accept: 'application/json' } })
      if (response.ok) {
        const job = await response.json()
        if (job.finished) {
          window.location.reload()
          return
        }
        progress.textContent = job.message
      }
    } catch (e) {
      // keep the last known progress on screen; the link still works
    }
    setTimeout(poll, 2000)
  }
  setTimeout(poll, 2000)
}
