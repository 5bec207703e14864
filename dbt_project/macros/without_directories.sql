{#- `text` with the directories of every absolute path taken out, leaving the file's own name:
    "No such file or directory: '/home/jane/inbox/x.xlsx'" becomes "… 'x.xlsx'". Reasons and
    details are published; where a file lay on the machine that received it is not (a path can
    name a person's home directory). Quoted paths may hold spaces (Python quotes the paths in its
    error messages); an unquoted path starts the text or follows a space, "(" or "=", so "2022/23"
    and "yes/partly" are left alone. POSIX and Windows paths alike. -#}
{% macro without_directories(text) -%}
regexp_replace(
    regexp_replace(
        regexp_replace({{ text }}, '([''"])(?:[A-Za-z]:)?[/\\][^''"]*[/\\]', '\1', 'g'),
        '(^|[\s(=])/(?:[^/\s''"]+/)+', '\1', 'g'
    ),
    '(^|[\s(=])[A-Za-z]:\\(?:[^\\\s''"]+\\)+', '\1', 'g'
)
{%- endmacro %}
