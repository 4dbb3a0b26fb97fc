import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const token = /\/q\/([A-Za-z0-9_-]+)\/?$/.exec(window.location.pathname)?.[1] ?? '';
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App token={token} />
  </StrictMode>,
);
