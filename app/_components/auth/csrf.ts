/** The headers a page's change request carries: the CSRF token the layout put in the page. */
export function csrfHeaders(): Record<string, string> {
  const token = document.querySelector<HTMLMetaElement>('meta[name="fleetledger-csrf"]')?.content;
  return token ? { 'x-csrf-token': token } : {};
}
