// One quick pick helper for every GrantCheck command: announces when the pick is on screen, so
// end-to-end tests wait for that event instead of sleeping.

import * as vscode from 'vscode';

const shown = new vscode.EventEmitter<string>();

/** Fires with the pick's title once a GrantCheck quick pick is visible and accepts input. */
export const onDidShowQuickPick: vscode.Event<string> = shown.event;

export interface PickOptions {
  title: string;
  placeHolder: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

/** `vscode.window.showQuickPick` for one item, with the shown event; resolves undefined when dismissed. */
export function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = options.title;
  pick.placeholder = options.placeHolder;
  pick.matchOnDescription = options.matchOnDescription === true;
  pick.matchOnDetail = options.matchOnDetail === true;
  pick.items = items;
  return new Promise<T | undefined>((resolve) => {
    let settled = false;
    const finish = (value: T | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => finish(pick.selectedItems[0] ?? pick.activeItems[0]));
    pick.onDidHide(() => finish(undefined));
    pick.show();
    shown.fire(options.title);
  });
}
