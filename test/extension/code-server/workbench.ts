// Driving VS Code's workbench in the page as a user does: the Explorer, the editor, keyboard shortcuts, code lenses,
// the Problems panel and webviews. Monaco renders only the visible lines and re-renders often, so lookups poll and
// interactions that are known to be flaky (opening a file, Go to Line) are retried; what is checked is not relaxed.
import type { Frame, Page } from 'playwright-core';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls fn until it returns without throwing, at most attempts times; rethrows the last error. */
export async function retry<T>(attempts: number, fn: (attempt: number) => Promise<T>): Promise<T> {
    let last: unknown;
    for (let i = 1; i <= attempts; i++) {
        try {
            return await fn(i);
        } catch (e) {
            last = e;
            await sleep(500);
        }
    }
    throw last;
}

/** Polls fn until it returns something other than undefined; throws `what` after timeoutMs. */
export async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await fn().catch(() => undefined);
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
        await sleep(250);
    }
}

/** Monaco writes spaces as no-break spaces. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

/** Opens a file of the workspace root by double-clicking it in the Explorer; waits for its editor tab to be active. */
export async function openFile(page: Page, name: string): Promise<void> {
    const active = page.locator(`.editor-group-container .tab.active[data-resource-name="${name}"]`);
    if (await active.count() > 0) return;
    await retry(4, async () => {
        const row = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) });
        await row.first().dblclick({ timeout: 10000 });
        await active.first().waitFor({ timeout: 15000 });
    });
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor({ timeout: 30000 });
}

/** Focuses the first editor group (the .stroom file; webviews open beside it). */
export async function focusEditor(page: Page): Promise<void> {
    await page.keyboard.press('Control+1');
    await sleep(150);
}

/** Puts the cursor on a line (1-based) with Go to Line, checked against the status bar's "Ln N,". */
export async function goToLine(page: Page, line: number): Promise<void> {
    await retry(4, async () => {
        await focusEditor(page);
        await page.keyboard.press('Control+g');
        await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 5000 });
        await page.keyboard.type(String(line));
        await page.keyboard.press('Enter');
        await page.locator('.statusbar-item').filter({ hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).first().waitFor({ timeout: 5000 });
    });
}

/** Whether the active editor tab of the first group shows unsaved changes. */
export async function isDirty(page: Page): Promise<boolean> {
    return (await page.locator('.editor-group-container').first().locator('.tab.active.dirty').count()) > 0;
}

/** Undoes until the file is as saved again (typing may have made more than one undo stop). */
export async function undoAll(page: Page): Promise<void> {
    await focusEditor(page);
    for (let i = 0; i < 20 && await isDirty(page); i++) {
        await page.keyboard.press('Control+z');
        await sleep(200);
    }
    if (await isDirty(page)) throw new Error('undo did not bring the file back to its saved text');
}

/** The computed colour of the first rendered token with this exact text on the first rendered line matching lineText. */
export async function tokenColour(page: Page, lineText: RegExp, token: string): Promise<string> {
    return until(`the token ${token} on a line matching ${lineText}`, 10000, async () => {
        const colours = await page.locator('.editor-group-container .monaco-editor .view-line').evaluateAll(
            (lines, [source, flags, wanted]) => lines.flatMap((line) => {
                const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
                if (!new RegExp(source, flags).test(text)) return [];
                const span = [...line.querySelectorAll('span > span')].find((s) => (s.textContent ?? '').replace(/\u00a0/g, ' ') === wanted);
                // A span Monaco is re-rendering has no computed colour yet: look again rather than report ''.
                const colour = span ? getComputedStyle(span).color : '';
                return colour ? [colour] : [];
            }),
            [lineText.source, lineText.flags, token] as const,
        );
        return colours[0];
    });
}

/** The text colour of the editor where no token colours it. */
export async function editorForeground(page: Page): Promise<string> {
    return page.locator('.editor-group-container .monaco-editor .view-lines').first().evaluate((e) => getComputedStyle(e).color);
}

/**
 * Clicks the code lens titled `title` shown above the first rendered line matching lineText (the lens whose
 * decoration ends closest above that line), then waits for `started` to see that the command began. Lenses are
 * re-rendered when the server refreshes them; a click on one being replaced does nothing, so it is clicked again.
 */
export async function clickLens(page: Page, lineText: RegExp, title: string, started: () => Promise<unknown>): Promise<void> {
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    const find = () => editor.evaluate(
        (root, [source, flags, wanted]) => {
            const line = [...root.querySelectorAll('.view-line')]
                .find((l) => new RegExp(source, flags).test((l.textContent ?? '').replace(/\u00a0/g, ' ')));
            if (!line) return undefined;
            const top = line.getBoundingClientRect().top;
            let best: Element | undefined;
            let distance = Infinity;
            for (const a of root.querySelectorAll('.codelens-decoration a')) {
                const rect = a.getBoundingClientRect();
                const d = top - rect.bottom;
                if ((a.textContent ?? '').trim() === wanted && rect.height > 0 && d >= -2 && d < distance) { best = a; distance = d; }
            }
            // Only the lens directly above: within about two line heights.
            return best && distance < 2 * line.getBoundingClientRect().height + 4 ? best.id : undefined;
        },
        [lineText.source, lineText.flags, title] as const,
    );
    await retry(3, async () => {
        // The same lens (Monaco gives each an id) twice in a row: the lenses are not being replaced right now.
        const id = await until(`the ${title} lens above ${lineText}`, 20000, async () => {
            const first = await find();
            await sleep(300);
            return first !== undefined && first === await find() ? first : undefined;
        });
        await editor.locator(`.codelens-decoration a[id="${id}"]`).click({ timeout: 5000 });
        await started();
    });
}

/** The visible text of the editor's rendered lines. */
export async function editorText(page: Page): Promise<string> {
    return plain(await page.locator('.editor-group-container .monaco-editor .view-lines').first().innerText());
}

/** The first webview frame (any frame but the workbench's own) for which test returns true. */
export async function webviewFrame(page: Page, what: string, timeoutMs: number, test: (f: Frame) => Promise<boolean>): Promise<Frame> {
    return until(what, timeoutMs, async () => {
        for (const frame of page.frames()) {
            if (frame === page.mainFrame()) continue;
            if (await test(frame).catch(() => false)) return frame;
        }
        return undefined;
    });
}

/** The text of the panel (Problems, Output) with Monaco's no-break spaces as spaces. */
export async function panelText(page: Page): Promise<string> {
    return plain(await page.locator('.part.panel').innerText());
}
