// What the page says, in Dutch and English (the page starts in the browser's language).
const TEXTS = {
    examples: { nl: 'Voorbeelden', en: 'Examples' },
    openFolder: { nl: 'Map openen…', en: 'Open folder…' },
    openFiles: { nl: 'Bestanden openen…', en: 'Open files…' },
    save: { nl: 'Bestand downloaden', en: 'Download file' },
    discard: {
        nl: 'Gewijzigd en niet gedownload: {files}. De pagina bewaart niets; deze wijzigingen gaan verloren. Doorgaan?',
        en: 'Changed and not downloaded: {files}. The page keeps nothing; these changes will be lost. Go on?',
    },
    run: { nl: '▶ Uitvoeren', en: '▶ Run' },
    funnel: { nl: 'Trechter', en: 'Funnel' },
    explain: { nl: 'Uitleg', en: 'Explain' },
    allIndicators: { nl: 'alle indicatoren', en: 'all indicators' },
    privacy: { nl: 'alles blijft in deze browser; er wordt niets verstuurd', en: 'everything stays in this browser; nothing is sent' },
    noFile: { nl: 'open eerst een .stroom-bestand', en: 'open a .stroom file first' },
    loading: { nl: 'bestanden lezen…', en: 'reading files…' },
    loaded: { nl: '{n} definitiebestanden geladen', en: '{n} definition files loaded' },
    running: { nl: 'bezig…', en: 'working…' },
    ran: { nl: '{n} indicator(en) berekend in {s} s', en: '{n} indicator(s) computed in {s} s' },
} as const;

let lang: 'nl' | 'en' = typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en';

export function uiLang(): 'nl' | 'en' { return lang; }
export function setLang(l: 'nl' | 'en'): void { lang = l; }

export function say(key: keyof typeof TEXTS, values: Record<string, string | number> = {}): string {
    return TEXTS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}
