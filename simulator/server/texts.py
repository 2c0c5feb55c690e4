"""The web pages' texts in Russian and English (the game's own texts are in assets/locale)."""
from __future__ import annotations

TEXTS = {
    "en": {
        "title": "Sales Desk — workshop board",
        "index_title": "Sales Desk workshop server",
        "index_lead": "Enter the join code the trainer showed to open the group's live board.",
        "open_board": "Open the board",
        "code": "Join code",
        "join_with": "Join with code",
        "group": "Group",
        "scenario": "Scenario",
        "seed": "seed",
        "closed": "closed: no more uploads",
        "rank": "#",
        "player": "Player",
        "anonymous": "Anonymous (hide names)",
        "participant": "Participant",
        "board_by": "Ranked by",
        "entries": "Games on the board",
        "average": "Group average",
        "spread": "Spread (standard deviation)",
        "range": "Lowest – highest",
        "distribution": "Distribution",
        "no_entries": "No results yet: they appear here within a second of each upload.",
        "updated": "Live: updates every second",
        "offline": "The server does not answer; retrying…",
        "review": "review",
        "bot": "bot",
        "no_session": "There is no workshop session with this code.",
        "entry_title": "Game review",
        "exports": "Exports for the trainer",
        "language": "Русский",
        "trainer": "For the trainer",
    },
    "ru": {
        "title": "Sales Desk — рейтинг семинара",
        "index_title": "Сервер семинара Sales Desk",
        "index_lead": "Введите код, который показал тренер, чтобы открыть рейтинг группы.",
        "open_board": "Открыть рейтинг",
        "code": "Код для входа",
        "join_with": "Код для входа",
        "group": "Группа",
        "scenario": "Сценарий",
        "seed": "зерно",
        "closed": "закрыто: результаты больше не принимаются",
        "rank": "№",
        "player": "Участник",
        "anonymous": "Анонимно (скрыть имена)",
        "participant": "Участник",
        "board_by": "Рейтинг по",
        "entries": "Игр в рейтинге",
        "average": "Среднее по группе",
        "spread": "Разброс (стандартное отклонение)",
        "range": "Минимум – максимум",
        "distribution": "Распределение",
        "no_entries": "Результатов пока нет: они появляются здесь через секунду после отправки.",
        "updated": "В прямом эфире: обновляется каждую секунду",
        "offline": "Сервер не отвечает; пробуем снова…",
        "review": "разбор",
        "bot": "бот",
        "no_session": "Сессии семинара с таким кодом нет.",
        "entry_title": "Разбор игры",
        "exports": "Выгрузки для тренера",
        "language": "English",
        "trainer": "Для тренера",
    },
}


def t(key: str, lang: str) -> str:
    """A page text in ``lang`` (English when the language is unknown)."""
    return TEXTS.get(lang, TEXTS["en"])[key]


def page_lang(value: str | None) -> str:
    """``ru`` or ``en`` from a query parameter (default Russian, the game's default)."""
    return value if value in TEXTS else "ru"
