import { spreadProps } from 'amplify-mfa-flow/dom';

type Child = Node | string | null | undefined | false;

/** An element with attributes (a view's prop getters give them as they are) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: object = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  spreadProps(element, attributes);
  element.append(...children.filter((c): c is Node | string => Boolean(c)));
  return element;
}

export function button(text: string, onClick: () => void): HTMLButtonElement {
  const element = h('button', { type: 'button' }, text);
  element.addEventListener('click', onClick);
  return element;
}

/** A form that hands its fields, by input name, to `onSubmit`. */
export function form(onSubmit: (fields: Record<string, string>) => void, ...children: Child[]): HTMLFormElement {
  const element = h('form', { novalidate: true }, ...children);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(Object.fromEntries([...new FormData(element)].map(([k, v]) => [k, String(v)])));
  });
  return element;
}
