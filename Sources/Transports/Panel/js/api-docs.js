// /api-docs: "try it" forms send their GET request with this browser's
// session (same origin, the session cookie) and show the answer.

function pathOf(form) {
  let path = form.dataset.path;
  const query = new URLSearchParams();
  for (const input of form.querySelectorAll('input[name]')) {
    const value = input.value.trim();
    if (input.dataset.in === 'path') path = path.replace(`{${input.name}}`, encodeURIComponent(value));
    else if (value !== '') query.set(input.name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function send(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const result = form.nextElementSibling;
  result.hidden = false;
  const path = pathOf(form);
  try {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = await response.text();
    let shown = body;
    try {
      shown = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // Not JSON (the unit file, metrics): shown as it is.
    }
    result.textContent = `GET ${path} → ${response.status}\n\n${shown}`;
    result.dataset.status = String(response.status);
  } catch (error) {
    result.textContent = `${form.dataset.error}: ${error.message || error}`;
  }
}

for (const form of document.querySelectorAll('form.try')) form.addEventListener('submit', send);
