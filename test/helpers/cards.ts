// Walks card JSON: the texts a person would read and the Action.Execute buttons.
export interface ExecuteAction { title: string; verb: string; data: Record<string, unknown> }

export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
    if (node.type === 'RichTextBlock' && Array.isArray(node.inlines)) out.push((node.inlines as { text?: string }[]).map((i) => i.text ?? '').join(''));
    if (node.type === 'FactSet' && Array.isArray(node.facts)) {
      for (const f of node.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
    }
  });
  return out;
}

export function cardText(card: unknown): string {
  return cardTexts(card).join('\n');
}

export function executeActions(card: unknown): ExecuteAction[] {
  const out: ExecuteAction[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Execute') out.push({ title: String(node.title), verb: String(node.verb), data: (node.data ?? {}) as Record<string, unknown> });
  });
  return out;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) { value.forEach((v) => walk(v, visit)); return; }
  if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    Object.values(value).forEach((v) => walk(v, visit));
  }
}
