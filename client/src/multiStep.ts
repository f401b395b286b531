/**
 * Multi-step input for the credential prompts: one quick input widget walked through several steps,
 * with a Back button, "step 2 of 5" in the title, and the answers kept when the user steps back (each
 * step starts from the value it had). Esc anywhere ends the flow; nothing is sent until the last step.
 * Shaped after the quick input sample of the VS Code extension samples.
 */
import * as vscode from 'vscode';

/** Thrown out of a step when the user presses Back; the runner reruns the previous step. */
class BackSignal extends Error {}
/** Thrown when the user dismisses the widget: the caller treats it as a silent cancel. */
export class FlowCancelled extends Error {}

export interface StepPosition {
  /** 1-based index of the step on screen. */
  step: number;
  /** Steps the flow will show in total (may change as answers change what is needed). */
  total: number;
}

export type PickItem<T> = vscode.QuickPickItem & { value?: T; buttons?: readonly vscode.QuickInputButton[] };

export interface PickOptions<T> {
  title: string;
  placeholder?: string;
  items: readonly PickItem<T>[];
  /** The item to preselect (the answer the step had before the user went back). */
  active?: (item: PickItem<T>) => boolean;
  /** An item's button was pressed: return a value to end the step with it (e.g. "customise"). */
  onItemButton?: (item: PickItem<T>, button: vscode.QuickInputButton) => T | undefined;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

export interface InputOptions {
  title: string;
  prompt: string;
  value: string;
  placeholder?: string;
  password?: boolean;
  validate: (value: string) => string | undefined;
}

/** What a step gets: the two widget kinds, already placed at its position. */
export interface StepInput {
  readonly position: StepPosition;
  pick<T>(options: PickOptions<T>): Promise<PickItem<T>>;
  input(options: InputOptions): Promise<string>;
}

/** A step returns nothing (the flow's state object carries the answers). */
export type Step = (input: StepInput) => Promise<void>;

/**
 * Runs steps in order. `steps()` is asked again after every step, so an answer can add or remove
 * later steps (a profile that sets the MFA device removes the MFA question). Back reruns the step
 * before with the state as it was left.
 */
export async function runSteps(steps: () => readonly Step[]): Promise<void> {
  let index = 0;
  for (;;) {
    const list = steps();
    if (index >= list.length) return;
    const step = list[index]!;
    try {
      await step(widgetFor({ step: index + 1, total: list.length }, index > 0));
      index++;
    } catch (e) {
      if (e instanceof BackSignal) index = Math.max(0, index - 1);
      else throw e;
    }
  }
}

function titleAt(title: string, p: StepPosition): string {
  return p.total > 1 ? `${title} (${p.step}/${p.total})` : title;
}

function widgetFor(position: StepPosition, canGoBack: boolean): StepInput {
  const backButtons = canGoBack ? [vscode.QuickInputButtons.Back] : [];
  return {
    position,
    pick<T>(o: PickOptions<T>): Promise<PickItem<T>> {
      const qp = vscode.window.createQuickPick<PickItem<T>>();
      qp.title = titleAt(o.title, position);
      qp.placeholder = o.placeholder;
      qp.items = o.items;
      qp.buttons = backButtons;
      qp.ignoreFocusOut = true;
      qp.matchOnDescription = o.matchOnDescription ?? true;
      qp.matchOnDetail = o.matchOnDetail ?? false;
      const active = o.active ? o.items.find(o.active) : undefined;
      if (active) qp.activeItems = [active];
      return settle<PickItem<T>>(qp, (resolve, reject) => [
        qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && reject(new BackSignal())),
        qp.onDidAccept(() => {
          const item = qp.selectedItems[0] ?? qp.activeItems[0];
          if (item) resolve(item);
        }),
        qp.onDidTriggerItemButton((e) => {
          const value = o.onItemButton?.(e.item, e.button);
          if (value !== undefined) resolve({ ...e.item, value });
        }),
      ]);
    },
    input(o: InputOptions): Promise<string> {
      const box = vscode.window.createInputBox();
      box.title = titleAt(o.title, position);
      box.prompt = o.prompt;
      box.value = o.value;
      box.placeholder = o.placeholder;
      box.password = o.password ?? false;
      box.buttons = backButtons;
      box.ignoreFocusOut = true;
      const check = (v: string) => (box.validationMessage = o.validate(v));
      check(o.value);
      return settle<string>(box, (resolve, reject) => [
        box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && reject(new BackSignal())),
        box.onDidChangeValue(check),
        box.onDidAccept(() => {
          if (!check(box.value)) resolve(box.value);
        }),
      ]);
    },
  };
}

/** Shows the widget, resolves with the first answer, rejects on Back or dismissal; always disposes. */
function settle<T>(widget: vscode.QuickInput, wire: (resolve: (v: T) => void, reject: (e: Error) => void) => vscode.Disposable[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      f();
      for (const d of subs) d.dispose();
      widget.dispose();
    };
    const subs = [
      ...wire(
        (v) => finish(() => resolve(v)),
        (e) => finish(() => reject(e)),
      ),
      widget.onDidHide(() => finish(() => reject(new FlowCancelled()))),
    ];
    widget.show();
  });
}
