// The page asks its own server for a Direct Line token (no secret in the browser) and talks to the
// Direct Line host on the same origin, in French when the browser prefers French.
(async function () {
  'use strict';
  const french = (navigator.language || 'fr').toLowerCase().startsWith('fr');
  const locale = french ? 'fr-FR' : 'en-US';
  document.documentElement.lang = french ? 'fr' : 'en';
  document.getElementById('tagline').textContent = french
    ? 'Trouvez une intervenante pour votre classe ou votre événement'
    : 'Find a woman speaker for your class or your event';

  // The server chooses who the user is. The tab keeps its last token so that a reload stays the same user (her
  // requests, a coordinator's link); closing the tab forgets it. The page never names a user id itself.
  const tokenKey = 'speakerbot.directline.token';
  const storage = (function () {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  })();

  try {
    const headers = { 'Content-Type': 'application/json' };
    const previous = storage && storage.getItem(tokenKey);
    if (previous) {
      headers.Authorization = 'Bearer ' + previous;
    }
    const response = await fetch('api/directline/token', {
      method: 'POST',
      headers,
      body: JSON.stringify({ locale })
    });
    if (!response.ok) {
      throw new Error('token ' + response.status);
    }
    const { token } = await response.json();
    storage && storage.setItem(tokenKey, token);
    const directLine = window.WebChat.createDirectLine({
      token,
      domain: new URL('v3/directline', window.location.href).href.replace(/\/$/, ''),
      conversationStartProperties: { locale }
    });
    // directlinejs refreshes its token while the tab is open; keep the latest so a late reload still proves the user.
    window.addEventListener('pagehide', function () {
      if (storage && directLine.token) {
        storage.setItem(tokenKey, directLine.token);
      }
    });
    window.WebChat.renderWebChat(
      {
        directLine,
        locale,
        styleOptions: {
          accent: '#5b2a86',
          botAvatarInitials: 'SB',
          botAvatarBackgroundColor: '#5b2a86',
          userAvatarInitials: french ? 'Moi' : 'Me',
          hideUploadButton: true,
          suggestedActionLayout: 'flow'
        }
      },
      document.getElementById('webchat')
    );
    document.querySelector('#webchat input, #webchat textarea')?.focus();
  } catch (error) {
    const message = document.getElementById('error');
    message.hidden = false;
    message.textContent = french
      ? 'Impossible de joindre SpeakerBot. Réessayez dans un instant.'
      : 'SpeakerBot cannot be reached. Please try again in a moment.';
    console.error(error);
  }
})();
