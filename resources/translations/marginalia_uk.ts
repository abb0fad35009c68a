<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/marginalia/ui/about.py" line="27"/>
        <source>About Marginalia</source>
        <translation>Про Marginalia</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/about.py" line="40"/>
        <source>Version {version}</source>
        <translation>Версія {version}</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/about.py" line="46"/>
        <source>Read saved articles offline, highlight and annotate them, search everything you have read (Ukrainian-aware) and export your quotes.</source>
        <translation>Читайте збережені статті без інтернету, виділяйте й коментуйте їх, шукайте в усьому прочитаному (з урахуванням української морфології) та експортуйте цитати.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/about.py" line="53"/>
        <source>Free software under the {license} license. Your library stays on this computer.</source>
        <translation>Вільне програмне забезпечення за ліцензією {license}. Ваша бібліотека залишається на цьому комп’ютері.</translation>
    </message>
</context>
<context>
    <name>AnnotationsPanel</name>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="298"/>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="410"/>
        <source>Highlights</source>
        <translation>Виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="300"/>
        <source>Select text in the article, then press H to highlight it, 1–6 for a colour, N to add a note, T for tags.</source>
        <translation>Виділіть текст у статті й натисніть H, щоб позначити його, 1–6 — щоб вибрати колір, N — щоб додати нотатку, T — щоб додати теги.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="313"/>
        <source>Not found in the current text</source>
        <translation>Не знайдено в поточному тексті</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="316"/>
        <source>These highlights could not be placed after the article was cleaned again. Select the passage and re-attach them.</source>
        <translation>Ці виділення не вдалося розмістити після повторного очищення статті. Виділіть потрібний фрагмент і прикріпіть їх знову.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="410"/>
        <source>Highlights (%1)</source>
        <translation>Виділення (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="490"/>
        <source>Select the passage in the article first, then re-attach.</source>
        <translation>Спершу виділіть фрагмент у статті, потім прикріпіть знову.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="38"/>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="39"/>
        <source>CSV (spreadsheet)</source>
        <translation>CSV (електронна таблиця)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="40"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="41"/>
        <source>W3C Web Annotation (JSON-LD)</source>
        <translation>W3C Web Annotation (JSON-LD)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="42"/>
        <source>CSL-JSON (for reference managers)</source>
        <translation>CSL-JSON (для менеджерів бібліографії)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="87"/>
        <source>Export highlights</source>
        <translation>Експорт виділень</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="111"/>
        <source>What to export</source>
        <translation>Що експортувати</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="118"/>
        <source>This article</source>
        <translation>Цю статтю</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="119"/>
        <source>Selected articles ({count})</source>
        <translation>Вибрані статті ({count})</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="120"/>
        <source>Articles and highlights tagged</source>
        <translation>Статті й виділення з тегом</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="121"/>
        <source>The current search</source>
        <translation>Поточний пошук</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="122"/>
        <source>The whole library</source>
        <translation>Усю бібліотеку</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="147"/>
        <source>Highlights that match</source>
        <translation>Виділення, що відповідають запиту</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="148"/>
        <source>All highlights of matching articles</source>
        <translation>Усі виділення знайдених статей</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="154"/>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="161"/>
        <source>Start with a byte-order mark (for Excel)</source>
        <translation>Додати на початку мітку порядку байтів (для Excel)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="162"/>
        <source>Excel on Windows needs it to read Cyrillic text in a CSV file correctly.</source>
        <translation>Без неї Excel у Windows неправильно читає кириличний текст у файлі CSV.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="171"/>
        <source>Preview</source>
        <translation>Попередній перегляд</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="194"/>
        <source>Copy</source>
        <translation>Копіювати</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="197"/>
        <source>Save…</source>
        <translation>Зберегти…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="201"/>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="303"/>
        <source>Preparing the preview…</source>
        <translation>Готуємо попередній перегляд…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="316"/>
        <source>Nothing to export here yet: highlight some text first.</source>
        <translation>Тут поки нічого експортувати: спершу виділіть якийсь текст.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="318"/>
        <source>Showing the first {shown} of {total} lines; Save and Copy take all of it.</source>
        <translation>Показано перші {shown} рядків із {total}; «Зберегти» та «Копіювати» беруть увесь текст.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="321"/>
        <source>%n line</source>
        <translation>
            <numerusform>%n рядок</numerusform>
            <numerusform>%n рядки</numerusform>
            <numerusform>%n рядків</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="322"/>
        <source>%n lines</source>
        <translation>
            <numerusform>%n рядок</numerusform>
            <numerusform>%n рядки</numerusform>
            <numerusform>%n рядків</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="347"/>
        <source>Copied to the clipboard.</source>
        <translation>Скопійовано в буфер обміну.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="367"/>
        <source>Saving…</source>
        <translation>Зберігаємо…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="376"/>
        <source>Saved to {path}</source>
        <translation>Збережено у {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="392"/>
        <source>Save export</source>
        <translation>Зберегти експорт</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="393"/>
        <source>{format} (*{extension});;All files (*)</source>
        <translation>{format} (*{extension});;Усі файли (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="400"/>
        <source>Replace file?</source>
        <translation>Замінити файл?</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/export_dialog.py" line="401"/>
        <source>{name} already exists. Replace it?</source>
        <translation>Файл {name} уже існує. Замінити його?</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../desktop/marginalia/ui/find_bar.py" line="55"/>
        <source>Find in article</source>
        <translation>Знайти в статті</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/find_bar.py" line="62"/>
        <source>Previous match (Shift+Enter)</source>
        <translation>Попередній збіг (Shift+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/find_bar.py" line="64"/>
        <source>Next match (Enter)</source>
        <translation>Наступний збіг (Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/find_bar.py" line="66"/>
        <source>Close (Esc)</source>
        <translation>Закрити (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/find_bar.py" line="132"/>
        <source>No matches</source>
        <translation>Збігів немає</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/find_bar.py" line="134"/>
        <source>%1 of %2</source>
        <translation>%1 з %2</translation>
    </message>
</context>
<context>
    <name>HighlightCard</name>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="196"/>
        <source>Copy with citation</source>
        <translation>Копіювати з посиланням на джерело</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="197"/>
        <source>Delete highlight</source>
        <translation>Видалити виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="212"/>
        <source>Tags…</source>
        <translation>Теги…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="212"/>
        <source>More…</source>
        <translation>Ще…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="217"/>
        <source>Re-attach to selection</source>
        <translation>Прикріпити до виділеного тексту</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="218"/>
        <source>Select the passage in the article, then click here</source>
        <translation>Виділіть фрагмент у статті, потім натисніть тут</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="229"/>
        <source>Add a note…</source>
        <translation>Додати нотатку…</translation>
    </message>
</context>
<context>
    <name>HighlightController</name>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="299"/>
        <source>Highlight</source>
        <translation>Виділити</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="305"/>
        <source>Delete highlight</source>
        <translation>Видалити виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlight_commands.py" line="32"/>
        <source>Highlight</source>
        <comment>undo command</comment>
        <translation>виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlight_commands.py" line="55"/>
        <source>Delete highlight</source>
        <comment>undo command</comment>
        <translation>видалення виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlight_commands.py" line="67"/>
        <source>Change colour</source>
        <comment>undo command</comment>
        <translation>зміну кольору</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="301"/>
        <source>Colour %1</source>
        <translation>Колір %1</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="303"/>
        <source>Highlight with note</source>
        <translation>Виділити й додати нотатку</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="304"/>
        <source>Tags of highlight…</source>
        <translation>Теги виділення…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="306"/>
        <source>Copy with citation</source>
        <translation>Копіювати з посиланням на джерело</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="356"/>
        <source>Colour: %1</source>
        <translation>Колір: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="394"/>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="402"/>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="410"/>
        <source>Select some text to highlight first.</source>
        <translation>Спершу виділіть текст, який треба позначити.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="439"/>
        <source>Copied the quote with its citation.</source>
        <translation>Цитату з посиланням на джерело скопійовано.</translation>
    </message>
</context>
<context>
    <name>HighlightStore</name>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="97"/>
        <source>The library is still opening; try again in a moment.</source>
        <translation>Бібліотека ще відкривається; спробуйте за мить.</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="142"/>
        <source>Import files</source>
        <translation>Імпорт файлів</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="143"/>
        <source>Articles and notes ({patterns});;All files (*)</source>
        <translation>Статті й нотатки ({patterns});;Усі файли (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="150"/>
        <source>Import a folder</source>
        <translation>Імпорт теки</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="159"/>
        <source>The sample articles are missing from this installation.</source>
        <translation>У цьому встановленні немає зразків статей.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="187"/>
        <source>Another import is running; these files will follow.</source>
        <translation>Триває інший імпорт; ці файли буде імпортовано після нього.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="201"/>
        <source>Cancelling…</source>
        <translation>Скасовуємо…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="213"/>
        <source>Opening the library…</source>
        <translation>Відкриваємо бібліотеку…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="221"/>
        <source>Preparing the import…</source>
        <translation>Готуємо імпорт…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="244"/>
        <source>Importing {done} of {total}</source>
        <translation>Імпортуємо {done} з {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="271"/>
        <source>Import failed: {reason}</source>
        <translation>Імпорт не вдався: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="272"/>
        <source>Import failed</source>
        <translation>Імпорт не вдався</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="273"/>
        <source>The files could not be imported.</source>
        <translation>Не вдалося імпортувати файли.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="300"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
</context>
<context>
    <name>ImportFailuresDialog</name>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="64"/>
        <source>Import finished</source>
        <translation>Імпорт завершено</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="74"/>
        <source>These files were not imported:</source>
        <translation>Ці файли не імпортовано:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="75"/>
        <source>This file was not imported:</source>
        <translation>Цей файл не імпортовано:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="79"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="79"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="91"/>
        <source>unknown reason</source>
        <translation>невідома причина</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="101"/>
        <source>Copy list</source>
        <translation>Копіювати список</translation>
    </message>
</context>
<context>
    <name>ImportSummary</name>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="36"/>
        <source>Imported %n article</source>
        <translation>
            <numerusform>Імпортовано %n статтю</numerusform>
            <numerusform>Імпортовано %n статті</numerusform>
            <numerusform>Імпортовано %n статей</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="37"/>
        <source>Imported %n articles</source>
        <translation>
            <numerusform>Імпортовано %n статтю</numerusform>
            <numerusform>Імпортовано %n статті</numerusform>
            <numerusform>Імпортовано %n статей</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="39"/>
        <source>%n already in the library</source>
        <translation>
            <numerusform>уже в бібліотеці: %n</numerusform>
            <numerusform>уже в бібліотеці: %n</numerusform>
            <numerusform>уже в бібліотеці: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="41"/>
        <source>%n failed</source>
        <translation>
            <numerusform>не імпортовано: %n</numerusform>
            <numerusform>не імпортовано: %n</numerusform>
            <numerusform>не імпортовано: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/import_flow.py" line="44"/>
        <source>Import cancelled. {summary}</source>
        <translation>Імпорт скасовано. {summary}</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="22"/>
        <source>Title</source>
        <translation>Назва</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="22"/>
        <source>Site</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="23"/>
        <source>Published</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="24"/>
        <source>Imported</source>
        <translation>Додано</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="25"/>
        <source>Highlights</source>
        <translation>Виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="26"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="102"/>
        <source>Sort by %1</source>
        <translation>Сортувати за стовпцем «%1»</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="83"/>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="148"/>
        <source>(untitled)</source>
        <translation>(без назви)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_model.py" line="243"/>
        <source>Cannot sort by this column yet: %1</source>
        <translation>За цим стовпцем поки не можна сортувати: %1</translation>
    </message>
</context>
<context>
    <name>LibraryPane</name>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="48"/>
        <source>Filter by title, site or author</source>
        <translation>Фільтр за назвою, сайтом або автором</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="50"/>
        <source>Unread</source>
        <translation>Непрочитані</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="51"/>
        <source>Show only unread articles</source>
        <translation>Показувати лише непрочитані статті</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="99"/>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="360"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="185"/>
        <source>%1 matching</source>
        <translation>Знайдено: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="187"/>
        <source>%Ln article</source>
        <translation>
            <numerusform>%Ln стаття</numerusform>
            <numerusform>%Ln статті</numerusform>
            <numerusform>%Ln статей</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="187"/>
        <source>%Ln articles</source>
        <translation>
            <numerusform>%Ln стаття</numerusform>
            <numerusform>%Ln статті</numerusform>
            <numerusform>%Ln статей</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="207"/>
        <source>All articles</source>
        <translation>Усі статті</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="215"/>
        <source>Articles: %1 · highlights: %2</source>
        <translation>Статей: %1 · виділень: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="255"/>
        <source>Open</source>
        <translation>Відкрити</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="256"/>
        <source>Mark as read</source>
        <translation>Позначити як прочитану</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="256"/>
        <source>Mark as unread</source>
        <translation>Позначити як непрочитану</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="258"/>
        <source>Tags…</source>
        <translation>Теги…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="259"/>
        <source>Export…</source>
        <translation>Експорт…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="261"/>
        <source>Delete…</source>
        <translation>Видалити…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="286"/>
        <source>Delete this article with its highlights and notes?</source>
        <translation>Видалити цю статтю разом з її виділеннями й нотатками?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="287"/>
        <source>Delete %n articles with their highlights and notes?</source>
        <translation>
            <numerusform>Видалити %n статтю разом з її виділеннями й нотатками?</numerusform>
            <numerusform>Видалити %n статті разом з їхніми виділеннями й нотатками?</numerusform>
            <numerusform>Видалити %n статей разом з їхніми виділеннями й нотатками?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="288"/>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="308"/>
        <source>Tags for this article:</source>
        <translation>Теги цієї статті:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="331"/>
        <source>%1 is not available yet.</source>
        <translation>Функція «%1» поки недоступна.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="338"/>
        <source>Export</source>
        <translation>Експорт</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/library_pane.py" line="354"/>
        <source>Exported to %1</source>
        <translation>Експортовано в %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/marginalia/ui/app.py" line="202"/>
        <location filename="../../desktop/marginalia/ui/app.py" line="228"/>
        <source>Not a Marginalia link: %1</source>
        <translation>Це не посилання Marginalia: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="59"/>
        <source>Library</source>
        <translation>Бібліотека</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="60"/>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="203"/>
        <source>Search</source>
        <translation>Пошук</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="70"/>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="243"/>
        <source>Opening the library…</source>
        <translation>Відкриваємо бібліотеку…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="126"/>
        <source>&amp;Import Files…</source>
        <translation>&amp;Імпортувати файли…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="127"/>
        <source>Import &amp;Folder…</source>
        <translation>Імпортувати &amp;теку…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="129"/>
        <source>Add &amp;Sample Articles</source>
        <translation>Додати &amp;зразки статей</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="130"/>
        <source>&amp;Export…</source>
        <translation>&amp;Експорт…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="131"/>
        <source>&amp;Quit</source>
        <translation>Ви&amp;йти</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="132"/>
        <source>&amp;Undo</source>
        <translation>&amp;Скасувати</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="134"/>
        <source>&amp;Redo</source>
        <translation>&amp;Повторити</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="136"/>
        <source>&amp;Find in Article…</source>
        <translation>&amp;Знайти в статті…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="137"/>
        <source>Find &amp;Next</source>
        <translation>Знайти н&amp;аступне</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="138"/>
        <source>Find Pre&amp;vious</source>
        <translation>Знайти попе&amp;реднє</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="140"/>
        <source>&amp;Tags…</source>
        <translation>&amp;Теги…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="141"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Налаштування…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="143"/>
        <source>&amp;Larger Text</source>
        <translation>&amp;Більший текст</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="144"/>
        <source>&amp;Smaller Text</source>
        <translation>&amp;Менший текст</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="145"/>
        <source>&amp;Default Text Size</source>
        <translation>&amp;Звичайний розмір тексту</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="147"/>
        <source>&amp;Light</source>
        <translation>&amp;Світла</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="147"/>
        <source>S&amp;epia</source>
        <translation>Се&amp;пія</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="147"/>
        <source>&amp;Dark</source>
        <translation>&amp;Темна</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="152"/>
        <source>Show &amp;Library Pane</source>
        <translation>Панель б&amp;ібліотеки</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="154"/>
        <source>Show &amp;Annotations Pane</source>
        <translation>Панель &amp;нотаток</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="156"/>
        <source>&amp;Full Screen</source>
        <translation>&amp;Повний екран</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="158"/>
        <source>&amp;Search Library…</source>
        <translation>&amp;Пошук у бібліотеці…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="159"/>
        <source>&amp;Library</source>
        <translation>&amp;Бібліотека</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="160"/>
        <source>&amp;Next Article</source>
        <translation>&amp;Наступна стаття</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="161"/>
        <source>&amp;Previous Article</source>
        <translation>П&amp;опередня стаття</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="163"/>
        <source>Mark as &amp;Unread</source>
        <translation>Позн&amp;ачити як непрочитану</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="164"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Клавіатурні скорочення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="165"/>
        <source>&amp;About Marginalia</source>
        <translation>&amp;Про Marginalia</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="181"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="183"/>
        <source>&amp;Edit</source>
        <translation>&amp;Редагування</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="184"/>
        <source>Highlight in &amp;Colour</source>
        <translation>Виділити &amp;кольором</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="188"/>
        <source>&amp;View</source>
        <translation>&amp;Вигляд</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="188"/>
        <source>&amp;Theme</source>
        <translation>&amp;Тема</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="191"/>
        <source>&amp;Go</source>
        <translation>П&amp;ерехід</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="193"/>
        <source>&amp;Help</source>
        <translation>&amp;Довідка</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="196"/>
        <source>Main</source>
        <translation>Основна</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="202"/>
        <source>Import</source>
        <translation>Імпорт</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="202"/>
        <source>Export</source>
        <translation>Експорт</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="203"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="204"/>
        <source>Undo</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="204"/>
        <source>Redo</source>
        <translation>Повторити</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="205"/>
        <source>Preferences</source>
        <translation>Налаштування</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="272"/>
        <source>The library was upgraded; a backup was saved in %1</source>
        <translation>Бібліотеку оновлено; резервну копію збережено в %1</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="285"/>
        <source>The library could not be opened:
%1</source>
        <translation>Не вдалося відкрити бібліотеку:
%1</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="287"/>
        <source>Marginalia</source>
        <translation>Marginalia</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="288"/>
        <source>The library could not be opened: %1</source>
        <translation>Не вдалося відкрити бібліотеку: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="311"/>
        <source>Choose an article from the library.</source>
        <translation>Виберіть статтю в бібліотеці.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/main_window.py" line="463"/>
        <source>The new library folder or language takes effect after a restart.</source>
        <translation>Нова тека бібліотеки або мова інтерфейсу запрацює після перезапуску.</translation>
    </message>
</context>
<context>
    <name>NoteEditor</name>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="97"/>
        <source>Write a note… (Markdown)</source>
        <translation>Напишіть нотатку… (Markdown)</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <location filename="../../desktop/marginalia/ui/i18n.py" line="35"/>
        <source>key point</source>
        <extracomment>Interface languages with a translation (English is the source language). The palette&apos;s default colour meanings (core/models.py DEFAULT_COLORS), translated when shown.</extracomment>
        <translation>ключова думка</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/i18n.py" line="36"/>
        <source>contested claim</source>
        <translation>спірне твердження</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/i18n.py" line="37"/>
        <source>evidence</source>
        <translation>доказ</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/i18n.py" line="38"/>
        <source>definition</source>
        <translation>визначення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/i18n.py" line="39"/>
        <source>question</source>
        <translation>питання</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/i18n.py" line="40"/>
        <source>to follow up</source>
        <translation>перевірити пізніше</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="29"/>
        <source>Light</source>
        <translation>Світла</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="30"/>
        <source>Sepia</source>
        <translation>Сепія</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="31"/>
        <source>Dark</source>
        <translation>Темна</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="76"/>
        <source>Preferences</source>
        <extracomment>Page and text colours of the small preview (the reader&apos;s own themes may differ slightly).</extracomment>
        <translation>Налаштування</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="91"/>
        <source>Reading</source>
        <translation>Читання</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="92"/>
        <source>Colours</source>
        <translation>Кольори</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="93"/>
        <source>Library</source>
        <translation>Бібліотека</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="113"/>
        <source> pt</source>
        <translation> пт</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="117"/>
        <source>Text size:</source>
        <translation>Розмір тексту:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="125"/>
        <source>Theme:</source>
        <translation>Тема:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="127"/>
        <source>Громада відбудувала міст за чотири місяці. Readers have always talked back to what they read.</source>
        <translation>Громада відбудувала міст за чотири місяці. Readers have always talked back to what they read.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="134"/>
        <source>Preview:</source>
        <translation>Зразок:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="137"/>
        <source>System default</source>
        <translation>Як у системі</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="142"/>
        <source>Interface language:</source>
        <translation>Мова інтерфейсу:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="143"/>
        <source>The interface language changes the next time Marginalia starts.</source>
        <translation>Мова інтерфейсу зміниться після наступного запуску Marginalia.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="153"/>
        <source>Give each highlight colour a meaning. Keys 1–6 in the reader use these colours.</source>
        <translation>Надайте кожному кольору виділення значення. Клавіші 1–6 у режимі читання використовують ці кольори.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="187"/>
        <source>Library folder (articles, highlights and the search index):</source>
        <translation>Тека бібліотеки (статті, виділення та пошуковий індекс):</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="190"/>
        <source>Default folder</source>
        <translation>Тека за замовчуванням</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="192"/>
        <source>Browse…</source>
        <translation>Огляд…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="215"/>
        <source>Choose the library folder</source>
        <translation>Виберіть теку бібліотеки</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="226"/>
        <source>This is a file, not a folder.</source>
        <translation>Це файл, а не тека.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/preferences.py" line="236"/>
        <source>A new library folder takes effect the next time Marginalia starts. Articles are not moved; an empty folder starts a new library.</source>
        <translation>Нова тека бібліотеки запрацює після наступного запуску Marginalia. Статті не переносяться; порожня тека означає нову бібліотеку.</translation>
    </message>
</context>
<context>
    <name>ReaderView</name>
    <message>
        <location filename="../../desktop/marginalia/ui/reader.py" line="385"/>
        <source>Only web links (http, https) are opened: %1</source>
        <translation>Відкриваються лише вебпосилання (http, https): %1</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="108"/>
        <source>Highlight</source>
        <translation>Виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="109"/>
        <source>Article</source>
        <translation>Стаття</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="191"/>
        <source>Search: words, &quot;a phrase&quot;, tag:…, date:2024-01..2024-06, -word</source>
        <translation>Пошук: слова, &quot;фраза&quot;, tag:…, date:2024-01..2024-06, -слово</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="200"/>
        <source>Articles and highlights</source>
        <translation>Статті й виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="201"/>
        <source>Articles</source>
        <translation>Статті</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="202"/>
        <source>Highlights</source>
        <translation>Виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="205"/>
        <source>Best match</source>
        <translation>За релевантністю</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="206"/>
        <source>Newest first</source>
        <translation>Спершу новіші</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="275"/>
        <source>Words find every form: переговори also finds переговорів.</source>
        <translation>Слова знаходять усі форми: «переговори» знайде й «переговорів».</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="276"/>
        <source>&quot;exact phrase&quot;   a OR b   -exclude   prefix*</source>
        <translation>&quot;точна фраза&quot;   а OR б   -виключити   префікс*</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="277"/>
        <source>title:  tag:  site:  author:  lang:  color:  note:</source>
        <translation>title:  tag:  site:  author:  lang:  color:  note:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="278"/>
        <source>date:2024-03   date:2024-01..2024-06   has:notes   is:unread</source>
        <translation>date:2024-03   date:2024-01..2024-06   has:notes   is:unread</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="300"/>
        <source>Search is not available yet: the library is still opening.</source>
        <translation>Пошук поки недоступний: бібліотека ще відкривається.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="307"/>
        <source>Searching…</source>
        <translation>Шукаємо…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="320"/>
        <source>%n result</source>
        <translation>
            <numerusform>%n результат</numerusform>
            <numerusform>%n результати</numerusform>
            <numerusform>%n результатів</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="320"/>
        <source>%n results</source>
        <translation>
            <numerusform>%n результат</numerusform>
            <numerusform>%n результати</numerusform>
            <numerusform>%n результатів</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="325"/>
        <source>Nothing found. Try fewer words, a shorter prefix* or another form.</source>
        <translation>Нічого не знайдено. Спробуйте менше слів, коротший префікс* або іншу форму слова.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="341"/>
        <source>This query cannot be understood.</source>
        <translation>Цей запит не вдалося розібрати.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/search_panel.py" line="344"/>
        <source>Search failed: {reason}</source>
        <translation>Пошук не вдався: {reason}</translation>
    </message>
</context>
<context>
    <name>SelectionToolbar</name>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="206"/>
        <source>Note</source>
        <translation>Нотатка</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="206"/>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="242"/>
        <source>Highlight and write a note (N)</source>
        <translation>Виділити й написати нотатку (N)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="207"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="207"/>
        <source>Tags (T)</source>
        <translation>Теги (T)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="208"/>
        <source>Cite</source>
        <translation>Цитувати</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="208"/>
        <source>Copy with citation (Ctrl+Shift+C)</source>
        <translation>Копіювати з посиланням на джерело (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="210"/>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="210"/>
        <source>Delete highlight (Del)</source>
        <translation>Видалити виділення (Del)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/highlighting.py" line="241"/>
        <source>Edit the note (N)</source>
        <translation>Редагувати нотатку (N)</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="30"/>
        <source>General</source>
        <translation>Загальні</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="31"/>
        <source>Reading</source>
        <translation>Читання</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="32"/>
        <source>Highlighting</source>
        <translation>Виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="33"/>
        <source>Search</source>
        <translation>Пошук</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="36"/>
        <source>Import files…</source>
        <translation>Імпортувати файли…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="37"/>
        <source>Import a folder…</source>
        <translation>Імпортувати теку…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="38"/>
        <source>Export highlights…</source>
        <translation>Експортувати виділення…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="39"/>
        <source>Preferences</source>
        <translation>Налаштування</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="40"/>
        <source>Undo</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="41"/>
        <source>Redo</source>
        <translation>Повторити</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="42"/>
        <source>Show this list of shortcuts</source>
        <translation>Показати цей список скорочень</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="43"/>
        <source>Quit</source>
        <translation>Вийти</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="44"/>
        <source>Find in the open article</source>
        <translation>Знайти у відкритій статті</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="45"/>
        <source>Find the next match</source>
        <translation>Знайти наступний збіг</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="46"/>
        <source>Find the previous match</source>
        <translation>Знайти попередній збіг</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="47"/>
        <source>Larger text</source>
        <translation>Більший текст</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="48"/>
        <source>Smaller text</source>
        <translation>Менший текст</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="49"/>
        <source>Default text size</source>
        <translation>Звичайний розмір тексту</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="51"/>
        <source>Highlight the selection in the default colour</source>
        <translation>Виділити вибраний текст кольором за замовчуванням</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="53"/>
        <source>Highlight the selection in colour 1–6</source>
        <translation>Виділити вибраний текст кольором 1–6</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="55"/>
        <source>Highlight the selection and write a note</source>
        <translation>Виділити вибраний текст і написати нотатку</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="57"/>
        <source>Highlight the selection and add tags</source>
        <translation>Виділити вибраний текст і додати теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="59"/>
        <source>Delete the selected highlight (Undo brings it back)</source>
        <translation>Видалити вибране виділення (скасування поверне його)</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="60"/>
        <source>Search the library</source>
        <translation>Шукати в бібліотеці</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="61"/>
        <source>Open the selected result</source>
        <translation>Відкрити вибраний результат</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="62"/>
        <source>Clear the search field</source>
        <translation>Очистити поле пошуку</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/shortcuts.py" line="95"/>
        <source> or </source>
        <translation> або </translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../desktop/marginalia/ui/about.py" line="73"/>
        <source>Keyboard shortcuts</source>
        <translation>Клавіатурні скорочення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/about.py" line="85"/>
        <source>Highlight keys work in the reader while text is selected.</source>
        <translation>Клавіші виділення працюють у режимі читання, коли текст виділено.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/about.py" line="104"/>
        <source> or </source>
        <translation> або </translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="31"/>
        <source>unknown error</source>
        <translation>невідома помилка</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="102"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="115"/>
        <source>Filter tags</source>
        <translation>Фільтр тегів</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="121"/>
        <source>Tag</source>
        <translation>Тег</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="121"/>
        <source>Articles</source>
        <translation>Статті</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="121"/>
        <source>Highlights</source>
        <translation>Виділення</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="150"/>
        <source>Rename</source>
        <translation>Перейменувати</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="152"/>
        <source>Merge…</source>
        <translation>Об’єднати…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="154"/>
        <source>Delete…</source>
        <translation>Видалити…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="193"/>
        <source>No tags yet. Add tags to articles or highlights, and they appear here.</source>
        <translation>Тегів ще немає. Додайте теги до статей або виділень, і вони з’являться тут.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="225"/>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="316"/>
        <source>Merge tags</source>
        <translation>Об’єднати теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="226"/>
        <source>A tag “{new}” already exists. Merge “{old}” into it?</source>
        <translation>Тег «{new}» уже існує. Об’єднати з ним «{old}»?</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="296"/>
        <source>Delete the tag “{name}”? Articles and highlights keep everything else; only this tag is removed from them.</source>
        <translation>Видалити тег «{name}»? Статті й виділення збережуть усе інше; з них буде прибрано лише цей тег.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="299"/>
        <source>Delete %n tags? Articles and highlights keep everything else; only these tags are removed from them.</source>
        <translation>
            <numerusform>Видалити %n тег? Статті й виділення збережуть усе інше; з них буде прибрано лише цей тег.</numerusform>
            <numerusform>Видалити %n теги? Статті й виділення збережуть усе інше; з них буде прибрано лише ці теги.</numerusform>
            <numerusform>Видалити %n тегів? Статті й виділення збережуть усе інше; з них буде прибрано лише ці теги.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="301"/>
        <source>Delete tags</source>
        <translation>Видалити теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="317"/>
        <source>Merge the selected tags into:</source>
        <translation>Об’єднати вибрані теги в:</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/tags_dialog.py" line="324"/>
        <source>Double-click a tag to rename it. Select two or more to merge them.</source>
        <translation>Двічі клацніть тег, щоб перейменувати його. Виберіть два чи більше, щоб об’єднати.</translation>
    </message>
</context>
<context>
    <name>TagsPrompt</name>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="60"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="62"/>
        <source>tags, separated by commas</source>
        <translation>теги через кому</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/annotations.py" line="71"/>
        <source>Tags for this highlight:</source>
        <translation>Теги цього виділення:</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../desktop/marginalia/ui/tasks.py" line="72"/>
        <source>Something went wrong: %1</source>
        <translation>Щось пішло не так: %1</translation>
    </message>
</context>
<context>
    <name>WelcomeWidget</name>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="44"/>
        <source>Welcome to Marginalia</source>
        <translation>Вітаємо в Marginalia</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="54"/>
        <source>Keep the articles you read, mark what matters and write down why. Everything stays on this computer: search it in Ukrainian, Russian or English and export your quotes with their sources.</source>
        <translation>Зберігайте статті, які читаєте, позначайте важливе й записуйте чому. Усе залишається на цьому комп’ютері: шукайте українською, російською чи англійською та експортуйте цитати з джерелами.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="63"/>
        <source>Import saved web pages (HTML), text files or Markdown notes.</source>
        <translation>Імпортуйте збережені вебсторінки (HTML), текстові файли або нотатки Markdown.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="64"/>
        <source>Select text in the reader and press H to highlight it, N to add a note.</source>
        <translation>Виділіть текст у режимі читання й натисніть H, щоб позначити його, або N, щоб додати нотатку.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="65"/>
        <source>Press Ctrl+K to search everything you have read, in any word form.</source>
        <translation>Натисніть Ctrl+K, щоб шукати в усьому прочитаному — у будь-якій формі слова.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="78"/>
        <source>Import files…</source>
        <translation>Імпортувати файли…</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="82"/>
        <source>Add sample articles</source>
        <translation>Додати зразки статей</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="84"/>
        <source>Four short articles in Ukrainian and English to try things out.</source>
        <translation>Чотири короткі статті українською та англійською, щоб спробувати.</translation>
    </message>
    <message>
        <location filename="../../desktop/marginalia/ui/welcome.py" line="91"/>
        <source>You can also drag files or folders onto this window.</source>
        <translation>Також можна перетягнути файли чи теки в це вікно.</translation>
    </message>
</context>
</TS>
