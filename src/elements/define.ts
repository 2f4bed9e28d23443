/** Registers a custom element once, and only where a registry exists (not in plain Node). */
export function defineOnce(name: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get(name)) customElements.define(name, ctor);
}
