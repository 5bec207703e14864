"""(being written)"""

import streamlit as st


def render(ctx) -> None:
    st.header("overview")
