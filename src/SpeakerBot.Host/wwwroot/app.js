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

  try {
    const response = await fetch('api/directline/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale })
    });
    if (!response.ok) {
      throw new Error('token ' + response.status);
    }
    const { token } = await response.json();
    const directLine = window.WebChat.createDirectLine({
      token,
      domain: new URL('v3/directline', window.location.href).href.replace(/\/$/, ''),
      conversationStartProperties: { locale }
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
