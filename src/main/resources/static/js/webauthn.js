// Security keys and passkeys (WebAuthn), for the two pages that need them: setting up a key
// (#webauthn-enroll) and using one to sign in (#webauthn-signin). The server makes the options and
// checks the answers; this script only carries them between the server and the browser.

const GENERIC = 'Something went wrong. Try again, or choose another method.';

const enroll = document.getElementById('webauthn-enroll');
const signin = document.getElementById('webauthn-signin');

function supported() {
  return typeof window.PublicKeyCredential === 'function' && navigator.credentials
    && typeof navigator.credentials.create === 'function';
}

// ---- base64url, for browsers without the WebAuthn Level 3 JSON helpers ----

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes.buffer;
}

function toBase64Url(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i++) {
    binary += String.fromCharCode(bytes[i]);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function descriptors(list) {
  return (list || []).map((d) => ({ ...d, id: fromBase64Url(d.id) }));
}

function creationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: fromBase64Url(json.challenge),
    user: { ...json.user, id: fromBase64Url(json.user.id) },
    excludeCredentials: descriptors(json.excludeCredentials),
  };
}

function requestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return { ...json, challenge: fromBase64Url(json.challenge), allowCredentials: descriptors(json.allowCredentials) };
}

function credentialJson(credential) {
  if (typeof credential.toJSON === 'function') {
    return credential.toJSON();
  }
  const r = credential.response;
  const json = {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
    response: { clientDataJSON: toBase64Url(r.clientDataJSON) },
  };
  if (r.attestationObject) {
    json.response.attestationObject = toBase64Url(r.attestationObject);
    json.response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
  } else {
    json.response.authenticatorData = toBase64Url(r.authenticatorData);
    json.response.signature = toBase64Url(r.signature);
    json.response.userHandle = r.userHandle ? toBase64Url(r.userHandle) : null;
  }
  return json;
}

// ---- talking to the server ----

class Problem extends Error {
  constructor(message, field) {
    super(message);
    this.field = field || null;
  }
}

function csrf(container) {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  return {
    header: header ? header.content : container.dataset.csrfHeader,
    token: token ? token.content : container.dataset.csrfToken,
  };
}

async function post(container, url, body) {
  const { header, token } = csrf(container);
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', [header]: token },
      body: JSON.stringify(body),
    });
  } catch (networkFailure) {
    throw new Problem('We could not reach the service. Check your connection and try again.');
  }
  if (response.type === 'opaqueredirect') {
    // The session has ended: reloading takes the person to sign in.
    window.location.reload();
    return new Promise(() => {});
  }
  let data = null;
  try {
    data = await response.json();
  } catch (notJson) {
    data = null;
  }
  if (!response.ok && data && data.redirect) {
    // The server wants the person elsewhere first, e.g. to confirm it is them again.
    window.location.assign(data.redirect);
    return new Promise(() => {});
  }
  if (!response.ok || data === null) {
    throw new Problem(data && data.error ? data.error : GENERIC, data && data.field);
  }
  return data;
}

// ---- showing problems the NHS way: an error summary, and the field's own message ----

function showProblem(message, fieldId, fallbackTarget) {
  const summary = document.getElementById('webauthn-problem');
  const link = document.getElementById('webauthn-problem-message');
  link.textContent = message;
  link.setAttribute('href', '#' + (fieldId || fallbackTarget));
  summary.hidden = false;
  if (fieldId === 'label') {
    document.getElementById('label-group').classList.add('nhsuk-form-group--error');
    document.getElementById('label-error-text').textContent = message;
    document.getElementById('label-error').hidden = false;
    const input = document.getElementById('label');
    input.classList.add('nhsuk-input--error');
    input.setAttribute('aria-describedby', 'label-hint label-error');
  }
  summary.focus();
}

function clearProblem() {
  document.getElementById('webauthn-problem').hidden = true;
  const group = document.getElementById('label-group');
  if (group) {
    group.classList.remove('nhsuk-form-group--error');
    document.getElementById('label-error').hidden = true;
    const input = document.getElementById('label');
    input.classList.remove('nhsuk-input--error');
    input.setAttribute('aria-describedby', 'label-hint');
  }
}

// A browser that was cancelled, timed out or refused says so with a DOMException.
function ceremonyProblem(error, cancelled) {
  if (error instanceof Problem) {
    return error;
  }
  if (error && error.name === 'InvalidStateError') {
    return new Problem('This security key is already registered. Use a different key, or choose another method.');
  }
  if (error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
    return new Problem(cancelled);
  }
  return new Problem(GENERIC);
}

function unsupported(container) {
  document.getElementById('webauthn-unsupported').hidden = false;
  container.hidden = true;
}

// ---- setting up a key ----

if (enroll) {
  if (!supported()) {
    unsupported(enroll);
  } else {
    enroll.hidden = false;
    const form = document.getElementById('webauthn-enroll-form');
    const button = document.getElementById('webauthn-register');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (button.disabled) {
        return;
      }
      clearProblem();
      button.disabled = true;
      const label = document.getElementById('label').value;
      try {
        const options = await post(enroll, enroll.dataset.optionsUrl, { label });
        const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
        const result = await post(enroll, enroll.dataset.registerUrl, { label, credential: credentialJson(credential) });
        window.location.assign(result.redirect);
      } catch (error) {
        const problem = ceremonyProblem(error,
          'The security key was not registered. Try again, or choose another method.');
        showProblem(problem.message, problem.field, 'webauthn-register');
        button.disabled = false;
      }
    });
  }
}

// ---- using a key to sign in ----

if (signin) {
  if (!supported()) {
    unsupported(signin);
  } else {
    signin.hidden = false;
    const button = document.getElementById('webauthn-use');
    button.addEventListener('click', async () => {
      if (button.disabled) {
        return;
      }
      clearProblem();
      button.disabled = true;
      try {
        const options = await post(signin, signin.dataset.optionsUrl, {});
        const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
        // "Remember this device" travels as a query parameter: the body is the credential's JSON.
        const remember = document.getElementById('remember-device');
        const verifyUrl = signin.dataset.verifyUrl + (remember && remember.checked ? '?remember-device=yes' : '');
        const result = await post(signin, verifyUrl, { credential: credentialJson(credential) });
        window.location.assign(result.redirect);
      } catch (error) {
        const problem = ceremonyProblem(error, 'Your security key was not used. Try again, or choose another method.');
        showProblem(problem.message, null, 'webauthn-use');
        button.disabled = false;
      }
    });
  }
}
