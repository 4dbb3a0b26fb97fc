import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { deviceLang, trNow, setCurrentLang } from './console/i18n';
import './styles.css';

// Routes: /q/{token} → the patient questionnaire page; /console… → the coordinator console (its own
// chunk, so patients' phones never load it); anything else → /console.
const Console = lazy(() => import('./console/Console').then((m) => ({ default: m.Console })));
const path = window.location.pathname;
const root = createRoot(document.getElementById('root')!);

if (path.startsWith('/q/')) {
  const token = /\/q\/([A-Za-z0-9_-]+)\/?$/.exec(path)?.[1] ?? '';
  root.render(
    <StrictMode>
      <App token={token} />
    </StrictMode>,
  );
} else {
  if (!/^\/console(\/|$)/.test(path)) history.replaceState(null, '', '/console');
  setCurrentLang(deviceLang()); // the console then follows the signed-in user's choice
  document.title = trNow('trialdata console', 'trialdata-console');
  root.render(
    <StrictMode>
      <Suspense fallback={<p role="status">{trNow('Loading…', 'Laden…')}</p>}>
        <Console />
      </Suspense>
    </StrictMode>,
  );
}
