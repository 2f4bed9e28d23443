/**
 * Counts constructable stylesheets parsed on the page (`replaceSync`): imported before the
 * library, so the warm-up test can tell whether the element's styles were parsed before its
 * first chart.
 */
export const sheetsParsed = { count: 0 };
const replaceSync = CSSStyleSheet.prototype.replaceSync;
CSSStyleSheet.prototype.replaceSync = function (this: CSSStyleSheet, text: string) {
  sheetsParsed.count++;
  return replaceSync.call(this, text);
};
